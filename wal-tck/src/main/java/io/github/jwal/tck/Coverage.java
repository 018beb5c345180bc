package io.github.jwal.tck;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a property's cases actually exercised, counted so that a run can show (and assert) that the
 * interesting situations happen: crashes with unsynced bytes in storage, crashes next to a segment
 * cut, torn tails repaired, damage reported.
 */
final class Coverage {
  static final String CRASHES = "crashes";
  static final String UNSYNCED_TAIL = "crashes with an unsynced tail";
  static final String SEGMENT_BOUNDARY = "crashes at a segment boundary";
  static final String KEPT_UNSYNCED = "recoveries that kept unsynced records";
  static final String TORN_REPAIRS = "torn tails repaired";
  static final String TORN_WITH_DATA_AFTER_A_HOLE =
      "torn tails with written bytes after a lost range";
  static final String POISONED = "logs poisoned by a failure";
  static final String REFUSED = "saves refused whole by a failure";
  static final String FLIPS_DETECTED = "bit flips reported as corruption";
  static final String FLIPS_HARMLESS = "bit flips that changed nothing read";
  static final String FLIPS_IN_THE_ZERO_TAIL =
      "bit flips in the zeros after the last record, read as a torn tail";
  static final String WRITE_FAULTS_DETECTED = "write faults reported as corruption";
  static final String SECOND_WRITERS = "second writers refused";
  static final String SEGMENTS = "segments cut";
  static final String OVERWRITES_ACROSS_A_CUT = "overwrites of entries in an earlier segment";
  static final String CUTS_NOT_AFTER_THE_TAIL_INDEX =
      "cuts to a segment starting at or below the index the tail started at";
  static final String SAVES = "saves";
  static final String TRUNCATIONS = "truncations after an index";
  static final String COMPACTIONS = "compactions";

  private final Map<String, Long> counts = new TreeMap<>();

  void add(String counter) {
    counts.merge(counter, 1L, Long::sum);
  }

  void add(String counter, long n) {
    counts.merge(counter, n, Long::sum);
  }

  long get(String counter) {
    return counts.getOrDefault(counter, 0L);
  }

  void addAll(Coverage other) {
    other.counts.forEach(this::add);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    counts.forEach((name, n) -> text.append("  ").append(name).append(": ").append(n).append('\n'));
    return text.toString();
  }
}
