package io.github.jwal.cli;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import java.io.PrintWriter;
import java.util.List;

/**
 * Writes dump's JSON document: the snapshot read from, metadata, hard state, entries, segments and
 * the error, field for field as etcd's fixtures record a read. One entry or segment per line, so
 * that the document diffs and greps well.
 */
final class DumpJson {
  private DumpJson() {}

  static void write(
      PrintWriter out, Snapshot snapshot, LogRead.Result read, DirectoryListing listing) {
    out.println("{");
    out.println(
        "  \"snapshot\": {\"index\": "
            + Json.uint64(snapshot.index())
            + ", \"term\": "
            + Json.uint64(snapshot.term())
            + "},");
    out.println("  \"metadata\": " + Json.bytes(read.metadata()) + ",");
    HardState state = read.hardState();
    out.println(
        "  \"hardstate\": {\"term\": "
            + Json.uint64(state.term())
            + ", \"vote\": "
            + Json.uint64(state.vote())
            + ", \"commit\": "
            + Json.uint64(state.commit())
            + "},");
    writeEntries(out, read.entries().entries(), JRaftSlot.isJRaftLog(read.metadata()));
    writeSegments(out, listing.segments());
    Failure failure = read.failure();
    out.println(
        "  \"error\": " + (failure == null ? "null" : Json.string(failure.message())) + ",");
    out.println(
        "  \"errorKind\": " + (failure == null ? "null" : Json.string(failure.kind().label())));
    out.println("}");
    out.flush();
  }

  /**
   * Writes the {@code entries} array.
   *
   * @param jraft whether the log is a jraft node's: each entry then also has a {@code jraft} field,
   *     the entry as jraft reads it
   */
  private static void writeEntries(PrintWriter out, List<Entry> entries, boolean jraft) {
    if (entries.isEmpty()) {
      out.println("  \"entries\": [],");
      return;
    }
    out.println("  \"entries\": [");
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      out.print(
          "    {\"term\": "
              + Json.uint64(e.term())
              + ", \"index\": "
              + Json.uint64(e.index())
              + ", \"type\": "
              + e.type().number()
              + ", \"data\": "
              + Json.bytes(e.data())
              + (jraft ? ", \"jraft\": " + JRaftSlot.of(e).json(e) : "")
              + "}");
      out.println(i + 1 < entries.size() ? "," : "");
    }
    out.println("  ],");
  }

  private static void writeSegments(PrintWriter out, List<DirectoryListing.SegmentFile> segments) {
    if (segments.isEmpty()) {
      out.println("  \"segments\": [],");
      return;
    }
    out.println("  \"segments\": [");
    for (int i = 0; i < segments.size(); i++) {
      DirectoryListing.SegmentFile s = segments.get(i);
      out.print("    {\"name\": " + Json.string(s.name()) + ", \"size\": " + s.size() + "}");
      out.println(i + 1 < segments.size() ? "," : "");
    }
    out.println("  ],");
  }
}
