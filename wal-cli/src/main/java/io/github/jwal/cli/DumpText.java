package io.github.jwal.cli;

import io.github.jwal.Entry;
import io.github.jwal.EntryType;
import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Writes dump's text: what etcd-dump-logs shows, for a person at a terminal. */
final class DumpText {
  private static final String UNKNOWN = "unknown (the read stopped at an error)";

  private DumpText() {}

  /**
   * @param snapshots the durable, committed snapshots, or {@code null} when they could not be read
   */
  static void write(
      PrintWriter out,
      LogLocation location,
      Snapshot snapshot,
      LogRead.Result read,
      List<Snapshot> snapshots,
      DirectoryListing listing) {
    out.println((location.isPath() ? "directory   " : "location    ") + location.name());
    out.println(
        "read from   snapshot index "
            + Long.toUnsignedString(snapshot.index())
            + ", term "
            + Long.toUnsignedString(snapshot.term()));
    out.println("metadata    " + (read.known() ? metadata(read.metadata()) : UNKNOWN));
    out.println("hard state  " + (read.known() ? hardState(read.hardState()) : UNKNOWN));
    EntrySink entries = read.entries();
    out.println(
        "entries     "
            + entries.count()
            + (entries.count() == 0 ? "" : ", index " + entries.range()));
    writeEntries(out, entries.entries(), JRaftSlot.isJRaftLog(read.metadata()));
    out.println(
        "snapshots   "
            + (snapshots == null
                ? "unknown (the log does not read)"
                : snapshots.stream().map(DumpText::snapshot).collect(Collectors.joining("; "))
                    + "  (durable and committed: the log can be read from these)"));
    out.println(
        "segments    " + listing.segments().size() + ", " + listing.segmentBytes() + " bytes");
    for (DirectoryListing.SegmentFile s : listing.segments()) {
      out.printf(Locale.ROOT, "  %s  %12d bytes%n", s.name(), s.size());
    }
    if (!listing.others().isEmpty()) {
      out.println("other files " + listing.others().size());
      for (DirectoryListing.OtherFile f : listing.others()) {
        out.printf(Locale.ROOT, "  %s  %d bytes%n", f.name(), f.size());
      }
    }
    Failure failure = read.failure();
    out.println(
        "status      "
            + (failure == null
                ? "ok"
                : failure.kind().label() + ": reading stopped there (details on stderr)"));
    out.flush();
  }

  /**
   * Writes the entry table.
   *
   * @param jraft whether the log is a jraft node's: the data column then shows each entry as jraft
   *     reads it
   */
  private static void writeEntries(PrintWriter out, List<Entry> entries, boolean jraft) {
    if (entries.isEmpty()) {
      return;
    }
    out.printf(
        Locale.ROOT,
        "  %10s %12s  %-14s %9s  %s%n",
        "term",
        "index",
        "type",
        "size",
        jraft ? "jraft entry" : "data");
    for (Entry e : entries) {
      out.printf(
          Locale.ROOT,
          "  %10s %12s  %-14s %9s  %s%n",
          Long.toUnsignedString(e.term()),
          Long.toUnsignedString(e.index()),
          typeName(e.type()),
          e.hasData() ? Integer.toString(e.dataLength()) : "-",
          jraft ? JRaftSlot.of(e).text(e) : DataPreview.of(e.data()));
    }
  }

  static String typeName(EntryType type) {
    return switch (type) {
      case NORMAL -> "normal";
      case CONF_CHANGE -> "conf-change";
      case CONF_CHANGE_V2 -> "conf-change-v2";
    };
  }

  private static String metadata(byte[] metadata) {
    return metadata == null ? "(absent)" : metadata.length + " bytes  " + DataPreview.of(metadata);
  }

  static String hardState(HardState s) {
    return "term "
        + Long.toUnsignedString(s.term())
        + ", vote "
        + Long.toUnsignedString(s.vote())
        + ", commit "
        + Long.toUnsignedString(s.commit());
  }

  private static String snapshot(Snapshot s) {
    return "index " + Long.toUnsignedString(s.index()) + " term " + Long.toUnsignedString(s.term());
  }
}
