package io.github.jwal.cli;

import io.github.jwal.RepairPolicy;
import io.github.jwal.RepairResult;
import io.github.jwal.Wal;
import io.github.jwal.WalCorruptException;
import io.github.jwal.WalOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "repair",
    mixinStandardHelpOptions = true,
    description = {
      "Cuts a torn tail from the last segment, as etcd's Repair, keeping a full copy of the segment"
          + " as <segment>.broken first, then reads the whole log to check it.",
      "Damage followed by valid records is not a torn tail (those records may have been"
          + " acknowledged): it is reported and left alone unless --discard-damaged-tail is given."
          + " Damage before the last segment is never cut.",
      "Takes the writer's lock: stop the process that writes the log first."
    })
final class RepairCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LogLocation location;

  @Option(
      names = "--discard-damaged-tail",
      description =
          "Also cut from the first damaged record of the last segment when valid records"
              + " follow it, as etcd does. They may have been acknowledged: use only when you accept"
              + " losing them.")
  boolean discardDamagedTail;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    WalOptions options = location.options();
    DirectoryListing before = location.listing();
    RepairResult result;
    try {
      result =
          Wal.repair(
              options,
              discardDamagedTail ? RepairPolicy.DISCARD_DAMAGED_TAIL : RepairPolicy.TORN_TAIL_ONLY);
    } catch (WalCorruptException refused) {
      ErrorReport.print(err, location, options, Failure.of(refused, before));
      err.println(
          "jwal: not repaired: this damage is followed by valid records;"
              + " --discard-damaged-tail cuts them too, keeping a backup");
      err.flush();
      return ExitCodes.DAMAGED;
    } catch (IOException e) {
      ErrorReport.print(err, location, options, Failure.of(e, before));
      return ExitCodes.UNUSABLE;
    } catch (IllegalArgumentException refused) {
      ErrorReport.print(err, location, options, Failure.refused(refused, before));
      return ExitCodes.UNUSABLE;
    }
    report(out, location, result, before);
    DirectoryListing after = location.listing();
    LogRead.Result read =
        LogRead.read(location, EntrySink::counting, after, (wal, metadata) -> {}).result();
    if (!read.ok()) {
      ErrorReport.print(err, location, options, read.failure());
      return read.failure().exitCode();
    }
    out.println(
        "the log now reads cleanly: "
            + read.entries().count()
            + " entries (index "
            + read.entries().range()
            + "), hard state "
            + DumpText.hardState(read.hardState()));
    out.flush();
    return ExitCodes.OK;
  }

  private static void report(
      PrintWriter out, LogLocation location, RepairResult result, DirectoryListing before) {
    if (!result.repaired()) {
      String last =
          before.segments().isEmpty()
              ? ""
              : " (" + before.segments().get(before.segments().size() - 1).name() + ")";
      out.println("nothing to cut: the last segment" + last + " ends cleanly");
      return;
    }
    long sizeBefore =
        before.segment(result.segment()).map(DirectoryListing.SegmentFile::size).orElse(-1L);
    out.println(
        "cut "
            + result.segment()
            + " at offset "
            + result.cutAt()
            + ", the end of its last good record (it was "
            + sizeBefore
            + " bytes, preallocated zeros included)");
    out.println("problem: " + result.problem());
    out.println("backup: " + location.describe(result.backup()) + " (the whole segment as it was)");
  }
}
