package io.github.jwal.cli;

import io.github.jwal.Snapshot;
import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "dump",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a log: metadata, hard state, entries (term, index, type, size, data), snapshots and"
          + " segments, as etcd-dump-logs does.",
      "Opens the log read-only, takes no lock and changes nothing in the directory or backend.",
      "A sofa-jraft node's log (wal-jraft's metadata) shows each entry as jraft reads it: index,"
          + " term, type, data size, peers; JSON adds a \"jraft\" object to each entry.",
      "A log that does not read from index 0 because a compaction left a gap below its latest"
          + " snapshot record is read from that record, where a writer opens it.",
      "With --format json, prints one JSON document: byte fields in base64 (null when absent, \"\""
          + " when empty), numbers as unsigned decimals, the entries read before an error included."
    })
final class DumpCommand implements Callable<Integer> {
  enum Format {
    TEXT,
    JSON
  }

  @Spec CommandSpec spec;

  @Mixin LogLocation location;

  @Option(
      names = "--format",
      paramLabel = "text|json",
      defaultValue = "text",
      description = "text (default) or json.")
  Format format;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    WalOptions options = location.options();
    DirectoryListing listing = location.listing();
    LogRead.FromSnapshot from =
        LogRead.read(location, EntrySink::keeping, listing, (wal, metadata) -> {});
    Snapshot snapshot = from.snapshot();
    LogRead.Result read = from.result();
    // With nothing read (no log, an I/O error, a snapshot mismatch) a text table would show only
    // blanks.
    boolean nothingRead = !read.ok() && !read.known() && !read.failure().damaged();
    if (format == Format.JSON) {
      DumpJson.write(out, snapshot, read, listing);
    } else if (!nothingRead) {
      DumpText.write(out, location, snapshot, read, snapshots(options, read), listing);
    }
    if (read.ok()) {
      return ExitCodes.OK;
    }
    ErrorReport.print(err, location, options, read.failure());
    return read.failure().exitCode();
  }

  /**
   * The durable, committed snapshots, or {@code null} when the log does not read far enough to say.
   */
  private static List<Snapshot> snapshots(WalOptions options, LogRead.Result read) {
    if (!read.known()) {
      return null;
    }
    try {
      return Wal.validSnapshotEntries(options);
    } catch (IOException e) {
      return null;
    }
  }
}
