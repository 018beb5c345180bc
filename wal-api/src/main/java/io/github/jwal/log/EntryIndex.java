package io.github.jwal.log;

import io.github.jwal.spi.SegmentId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where each entry of an open log lies: for entry {@code i} in {@code [first, last]}, its segment,
 * the offset of its frame there and the CRC chain before its record, so that it can be read and
 * checked with one positional read. Eight bytes an entry (offset and chain, in chunks); segments
 * and terms are kept as runs, as they change rarely.
 *
 * <p>Raft's overwrite rule holds here as in a replay: adding an entry at an index that exists drops
 * it and everything after it.
 *
 * <p>Not thread-safe: {@link LogEntries} guards it.
 */
final class EntryIndex {
  private static final int CHUNK_BITS = 16;
  private static final int CHUNK = 1 << CHUNK_BITS;
  private static final long MAX_OFFSET = 0xFFFF_FFFFL;

  /** Chunks of offsets and chains; slot {@code s} holds entry {@code base + s}. */
  private final List<int[]> offsets = new ArrayList<>();

  private final List<int[]> chains = new ArrayList<>();
  private long base;
  private long first;
  private long last;

  /** The term of entry {@code first - 1}: the snapshot's. */
  private long termBeforeFirst;

  /** Runs: entries from {@code termFrom[r]} have term {@code terms[r]}. */
  private long[] termFrom = new long[8];

  private long[] terms = new long[8];
  private int termRuns;

  /** Runs: entries from {@code segmentFrom[r]} lie in {@code segments[r]}. */
  private long[] segmentFrom = new long[8];

  private SegmentId[] segments = new SegmentId[8];
  private int segmentRuns;

  /** An empty index whose first entry will be {@code snapshotIndex + 1}. */
  EntryIndex(long snapshotIndex, long snapshotTerm) {
    restart(snapshotIndex, snapshotTerm);
  }

  long first() {
    return first;
  }

  /** The last entry's index; {@code first() - 1} when empty. */
  long last() {
    return last;
  }

  boolean contains(long index) {
    return index >= first && index <= last;
  }

  /**
   * Adds entry {@code index}, which must be at most {@code last() + 1}; an index at or below {@code
   * last()} first drops that entry and everything after it.
   *
   * @throws IllegalArgumentException if it would leave a gap, or lies before {@code first()}, or
   *     its frame is beyond the 4 GiB an index offset holds
   */
  void add(long index, long term, SegmentId segment, long offset, int chainBefore) {
    if (index < first || index > last + 1) {
      throw new IllegalArgumentException(
          "entry " + index + " is not within [" + first + ", " + (last + 1) + "]");
    }
    if (offset < 0 || offset > MAX_OFFSET) {
      throw new IllegalArgumentException(
          "entry "
              + index
              + " lies at offset "
              + offset
              + ", beyond the 4 GiB a segment can be indexed to");
    }
    if (index <= last) {
      truncateAfter(index - 1);
    }
    long slot = index - base;
    int chunk = (int) (slot >>> CHUNK_BITS);
    if (chunk == offsets.size()) {
      offsets.add(new int[CHUNK]);
      chains.add(new int[CHUNK]);
    }
    int at = (int) (slot & (CHUNK - 1));
    offsets.get(chunk)[at] = (int) offset;
    chains.get(chunk)[at] = chainBefore;
    if (termRuns == 0 || terms[termRuns - 1] != term) {
      addTermRun(index, term);
    }
    if (segmentRuns == 0 || !segments[segmentRuns - 1].equals(segment)) {
      addSegmentRun(index, segment);
    }
    last = index;
  }

  /** Drops every entry after {@code index}; nothing if {@code index >= last()}. */
  void truncateAfter(long index) {
    if (index >= last) {
      return;
    }
    last = Math.max(index, first - 1);
    while (termRuns > 0 && termFrom[termRuns - 1] > last) {
      termRuns--;
    }
    while (segmentRuns > 0 && segmentFrom[segmentRuns - 1] > last) {
      segments[--segmentRuns] = null;
    }
    long chunksNeeded = last < base ? 0 : ((last - base) >>> CHUNK_BITS) + 1;
    // One chunk beyond is kept: a log overwritten again and again at the same indexes (a follower
    // whose leader keeps changing) would otherwise allocate 512 KiB at every overwrite.
    while (offsets.size() > chunksNeeded + 1) {
      offsets.remove(offsets.size() - 1);
      chains.remove(chains.size() - 1);
    }
  }

  /**
   * Makes {@code snapshotIndex + 1} the first index: drops the entries up to the snapshot, or all
   * of them if it lies beyond the last, when the index restarts empty after it.
   */
  void compactTo(long snapshotIndex, long snapshotTerm) {
    if (snapshotIndex < first - 1) {
      return;
    }
    if (snapshotIndex >= last) {
      restart(snapshotIndex, snapshotTerm);
      return;
    }
    first = snapshotIndex + 1;
    termBeforeFirst = snapshotTerm;
    int dropChunks = (int) ((first - base) >>> CHUNK_BITS);
    if (dropChunks > 0) {
      offsets.subList(0, dropChunks).clear();
      chains.subList(0, dropChunks).clear();
      base += (long) dropChunks << CHUNK_BITS;
    }
    int runs = 0;
    while (runs + 1 < termRuns && termFrom[runs + 1] <= first) {
      runs++;
    }
    dropTermRuns(runs);
    runs = 0;
    while (runs + 1 < segmentRuns && segmentFrom[runs + 1] <= first) {
      runs++;
    }
    dropSegmentRuns(runs);
  }

  /** Empties the index; its first entry will be {@code index}. */
  void restartBefore(long index) {
    restart(index - 1, 0);
  }

  /** The term of entry {@code index}, in {@code [first() - 1, last()]}. */
  long term(long index) {
    if (index == first - 1) {
      return termBeforeFirst;
    }
    return terms[run(termFrom, termRuns, index)];
  }

  SegmentId segment(long index) {
    return segments[run(segmentFrom, segmentRuns, index)];
  }

  long offset(long index) {
    long slot = index - base;
    return Integer.toUnsignedLong(
        offsets.get((int) (slot >>> CHUNK_BITS))[(int) (slot & (CHUNK - 1))]);
  }

  int chainBefore(long index) {
    long slot = index - base;
    return chains.get((int) (slot >>> CHUNK_BITS))[(int) (slot & (CHUNK - 1))];
  }

  /** The last entry index in the same segment as {@code index}. */
  long lastInSegment(long index) {
    int r = run(segmentFrom, segmentRuns, index);
    return r + 1 < segmentRuns ? segmentFrom[r + 1] - 1 : last;
  }

  /** The segments entries lie in, oldest first. */
  List<SegmentId> segments() {
    return List.of(Arrays.copyOf(segments, segmentRuns));
  }

  /** Bytes held, for the memory report. */
  long bytesHeld() {
    return (long) offsets.size() * CHUNK * 2 * Integer.BYTES
        + (long) termFrom.length * 2 * Long.BYTES
        + (long) segmentFrom.length * 2 * Long.BYTES;
  }

  private void restart(long snapshotIndex, long snapshotTerm) {
    offsets.clear();
    chains.clear();
    first = snapshotIndex + 1;
    last = snapshotIndex;
    base = first;
    termBeforeFirst = snapshotTerm;
    termRuns = 0;
    Arrays.fill(segments, null);
    segmentRuns = 0;
  }

  /** The run holding {@code index}: the last whose start is at or before it. */
  private static int run(long[] from, int runs, long index) {
    int lo = 0;
    int hi = runs - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (from[mid] <= index) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  private void addTermRun(long index, long term) {
    if (termRuns == termFrom.length) {
      termFrom = Arrays.copyOf(termFrom, termRuns * 2);
      terms = Arrays.copyOf(terms, termRuns * 2);
    }
    termFrom[termRuns] = index;
    terms[termRuns++] = term;
  }

  private void addSegmentRun(long index, SegmentId segment) {
    if (segmentRuns == segmentFrom.length) {
      segmentFrom = Arrays.copyOf(segmentFrom, segmentRuns * 2);
      segments = Arrays.copyOf(segments, segmentRuns * 2);
    }
    segmentFrom[segmentRuns] = index;
    segments[segmentRuns++] = segment;
  }

  private void dropTermRuns(int n) {
    System.arraycopy(termFrom, n, termFrom, 0, termRuns - n);
    System.arraycopy(terms, n, terms, 0, termRuns - n);
    termRuns -= n;
  }

  private void dropSegmentRuns(int n) {
    System.arraycopy(segmentFrom, n, segmentFrom, 0, segmentRuns - n);
    System.arraycopy(segments, n, segments, 0, segmentRuns - n);
    Arrays.fill(segments, segmentRuns - n, segmentRuns, null);
    segmentRuns -= n;
  }
}
