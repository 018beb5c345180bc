package io.github.jwal.cli;

import io.github.jwal.Entry;
import io.github.jwal.Wal;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Verify's check of a jraft node's log ({@link JRaftSlot}): every entry is a hole or a jraft V2
 * entry at its own index and term. Any other entry is damage, though its CRC holds: jraft's log
 * manager reports an entry it cannot decode as corrupted and stops the node, and one at another
 * index or term breaks the log's order. Reads the log by index in batches, so memory stays bounded;
 * a log whose metadata is not jraft's is left alone.
 */
final class JRaftCheck implements LogRead.ReadBack {
  /** How many findings verify prints; the rest are counted. */
  static final int SHOWN = 10;

  private static final long BATCH_BYTES = 4 << 20;

  private final Map<JRaftEntry.Type, Long> byType = new EnumMap<>(JRaftEntry.Type.class);
  private final List<String> shown = new ArrayList<>();
  private boolean jraftLog;
  private long entries;
  private long holes;
  private long findings;

  @Override
  public void read(Wal wal, byte[] metadata) throws IOException {
    jraftLog = JRaftSlot.isJRaftLog(metadata);
    if (!jraftLog) {
      return;
    }
    long last = wal.lastIndex();
    for (long next = wal.firstIndex(); next <= last; ) {
      List<Entry> batch = wal.entries(next, last + 1, BATCH_BYTES);
      for (Entry entry : batch) {
        check(entry);
      }
      next = batch.get(batch.size() - 1).index() + 1;
    }
  }

  private void check(Entry etcd) {
    JRaftSlot slot = JRaftSlot.of(etcd);
    if (slot instanceof JRaftEntry entry) {
      if (entry.index() != JRaftSlot.position(etcd) || entry.term() != etcd.term()) {
        finding(
            etcd, "holds jraft index " + entry.index() + " term " + entry.term() + ", not its own");
      } else {
        entries++;
        byType.merge(entry.type(), 1L, Long::sum);
      }
    } else if (slot instanceof JRaftSlot.Unreadable unreadable) {
      finding(etcd, "not a jraft V2 entry: " + unreadable.reason());
    } else {
      holes++;
    }
  }

  private void finding(Entry etcd, String what) {
    findings++;
    if (shown.size() < SHOWN) {
      shown.add(
          "etcd entry "
              + etcd.index()
              + " (jraft index "
              + JRaftSlot.position(etcd)
              + ", term "
              + etcd.term()
              + "): "
              + what);
    }
  }

  /** Whether the log was a jraft node's, and so checked. */
  boolean checked() {
    return jraftLog;
  }

  /** Whether the check found damage; {@link #printFindings} says what. */
  boolean damaged() {
    return findings > 0;
  }

  /** What verify's summary adds for a sound jraft log. */
  String summary() {
    String types =
        byType.entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", "));
    return entries
        + (entries == 1 ? " jraft entry" : " jraft entries")
        + (types.isEmpty() ? "" : " (" + types + ")")
        + ", "
        + holes
        + (holes == 1 ? " hole" : " holes")
        + ", each at its own index and term";
  }

  void printFindings(PrintWriter err, String location) {
    err.println(
        "jwal: "
            + location
            + ": damaged jraft log: "
            + findings
            + (findings == 1 ? " entry is" : " entries are")
            + " not what a jraft node reads back:");
    for (String finding : shown) {
      err.println("jwal:   " + finding);
    }
    if (findings > shown.size()) {
      err.println("jwal:   and " + (findings - shown.size()) + " more");
    }
    err.println(
        "jwal: their CRCs hold, so they were written so; nothing was changed, and 'jwal repair'"
            + " does not change them");
    err.flush();
  }
}
