package io.github.jwal.cli;

import io.github.jwal.WalOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description =
        "Summarizes a log: its segments and their sizes, the entry count and index range, the"
            + " hard state, and whether the CRC chain holds. Read-only; memory stays bounded.")
final class StatsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LogLocation location;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    WalOptions options = location.options();
    DirectoryListing listing = location.listing();
    LogRead.FromSnapshot from =
        LogRead.read(location, EntrySink::counting, listing, (wal, metadata) -> {});
    LogRead.Result read = from.result();
    if (read.failure() != null && !read.failure().damaged() && !read.known()) {
      // Nothing was read (no log, an I/O error): the error is the whole answer.
      ErrorReport.print(spec.commandLine().getErr(), location, options, read.failure());
      return read.failure().exitCode();
    }
    out.println((location.isPath() ? "directory    " : "location     ") + location.name());
    out.println(
        "segments     " + listing.segments().size() + ", " + listing.segmentBytes() + " bytes");
    for (DirectoryListing.SegmentFile s : listing.segments()) {
      out.printf(
          Locale.ROOT,
          "  %s  %12d bytes  seq %s, first index %s%n",
          s.name(),
          s.size(),
          Long.toUnsignedString(s.id().seq()),
          Long.toUnsignedString(s.id().firstIndex()));
    }
    if (!listing.others().isEmpty()) {
      out.println("other files  " + listing.others().size() + " (not segments)");
      for (DirectoryListing.OtherFile f : listing.others()) {
        out.printf(Locale.ROOT, "  %s  %d bytes%n", f.name(), f.size());
      }
    }
    EntrySink entries = read.entries();
    out.println("entries      " + entries.count() + (read.ok() ? "" : " (read before the error)"));
    out.println("index range  " + entries.range());
    if (from.latestStart()) {
      out.println(
          "read from    the latest snapshot record, index "
              + Long.toUnsignedString(from.snapshot().index())
              + " term "
              + Long.toUnsignedString(from.snapshot().term()));
    }
    out.println(
        "hard state   " + (read.known() ? DumpText.hardState(read.hardState()) : "unknown"));
    out.println("chain        " + (read.ok() ? "ok" : chainProblem(read.failure())));
    out.flush();
    if (read.ok()) {
      return ExitCodes.OK;
    }
    ErrorReport.print(spec.commandLine().getErr(), location, options, read.failure());
    return read.failure().exitCode();
  }

  private static String chainProblem(Failure failure) {
    if (failure.segment() != null) {
      return failure.kind().label() + " in " + failure.segment() + " at offset " + failure.offset();
    }
    return "not checked: " + failure.kind().label();
  }
}
