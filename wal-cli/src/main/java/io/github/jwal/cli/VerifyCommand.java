package io.github.jwal.cli;

import io.github.jwal.WalOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a log without changing it: every frame and its CRC-32C chain across segments, the"
          + " metadata, the entry indexes, the hard states and the snapshot.",
      "Unlike etcd's Verify, a torn tail counts as damage (exit 1): the log cannot be appended to"
          + " until 'jwal repair' cuts it. Memory stays bounded: entries are counted, not kept.",
      "A log that does not read from index 0 because a compaction left a gap below its latest"
          + " snapshot record is read from that record, where a writer opens it; damage in older"
          + " segments is still reported.",
      "On a sofa-jraft node's log (wal-jraft's metadata), also checks that every entry is a hole"
          + " or a jraft V2 entry at its own index and term; any other is damage (exit 1)."
    })
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LogLocation location;

  @Override
  public Integer call() throws IOException {
    WalOptions options = location.options();
    DirectoryListing listing = location.listing();
    JRaftCheck jraft = new JRaftCheck();
    LogRead.FromSnapshot from = LogRead.read(location, EntrySink::counting, listing, jraft);
    LogRead.Result read = from.result();
    if (!read.ok()) {
      ErrorReport.print(spec.commandLine().getErr(), location, options, read.failure());
      return read.failure().exitCode();
    }
    if (jraft.damaged()) {
      jraft.printFindings(spec.commandLine().getErr(), location.name());
      return ExitCodes.DAMAGED;
    }
    PrintWriter out = spec.commandLine().getOut();
    EntrySink entries = read.entries();
    out.println(
        "ok: "
            + location.name()
            + ": "
            + entries.count()
            + " entries"
            + (entries.count() == 0 ? "" : " (index " + entries.range() + ")")
            + ", hard state "
            + DumpText.hardState(read.hardState())
            + ", "
            + listing.segments().size()
            + (listing.segments().size() == 1 ? " segment" : " segments")
            + ", CRC chain intact"
            + (jraft.checked() ? "; " + jraft.summary() : "")
            + (from.latestStart()
                ? "; read from the latest snapshot record, index "
                    + Long.toUnsignedString(from.snapshot().index())
                    + " term "
                    + Long.toUnsignedString(from.snapshot().term())
                    + ", where a writer opens the log"
                : ""));
    out.flush();
    return ExitCodes.OK;
  }
}
