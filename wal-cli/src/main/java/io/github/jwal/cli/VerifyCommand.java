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
          + " until 'jwal repair' cuts it. Memory stays bounded: entries are counted, not kept."
    })
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LogLocation location;

  @Override
  public Integer call() throws IOException {
    WalOptions options = location.options();
    DirectoryListing listing = location.listing();
    LogRead.Result read = LogRead.read(options, location.snapshot(), EntrySink.counting(), listing);
    if (!read.ok()) {
      ErrorReport.print(spec.commandLine().getErr(), location, options, read.failure());
      return read.failure().exitCode();
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
            + ", CRC chain intact");
    out.flush();
    return ExitCodes.OK;
  }
}
