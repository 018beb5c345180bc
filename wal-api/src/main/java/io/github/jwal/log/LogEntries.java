package io.github.jwal.log;

import io.github.jwal.Entry;
import io.github.jwal.EntryUnavailableException;
import io.github.jwal.codec.EntryFrame;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The entries of an open log, read by index from the segments through an {@link EntryIndex}: one
 * positional read an entry, or one a run of entries, and every record checked as a replay checks
 * it. Payloads are not held in memory; an entry read shares the array it was read into with the
 * other entries of the same read.
 *
 * <p>Thread-safe: any number of reading threads beside the log's writer, which changes the index
 * only for what is durable ({@link #update}). A read holds the read lock for its I/O, so that the
 * bytes it reads cannot be truncated or compacted away under it.
 */
public final class LogEntries {
  /** Bytes read beyond a frame's start when its length is not known from the index. */
  private static final int FIRST_READ_BYTES = 4096;

  /** The most one read takes in; a frame is never larger (RecordReader's limit too). */
  private static final int MAX_READ_BYTES = Integer.MAX_VALUE - 64;

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final EntryIndex index;
  private final SegmentReaders readers;
  private final ThreadLocal<EntryFrame> frames = ThreadLocal.withInitial(EntryFrame::new);

  LogEntries(LogStorage storage, EntryIndex index) {
    this.index = index;
    this.readers = new SegmentReaders(storage);
  }

  /** The entries a replay indexed ({@link LogReplay#indexing}). */
  public static LogEntries of(LogStorage storage, LogReplay replay) {
    return new LogEntries(storage, replay.entries());
  }

  /** The index of the first entry the log holds: its snapshot's index plus one. */
  public long firstIndex() {
    lock.readLock().lock();
    try {
      return index.first();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The index of the last entry, or {@code firstIndex() - 1} when the log holds none. */
  public long lastIndex() {
    lock.readLock().lock();
    try {
      return index.last();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The last entry's term, or the snapshot's when the log holds none. */
  long lastTerm() {
    lock.readLock().lock();
    try {
      return index.term(index.last());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The term of entry {@code i}, or of the snapshot for {@code i == firstIndex() - 1}. */
  public long term(long i) throws EntryUnavailableException {
    lock.readLock().lock();
    try {
      if (i != index.first() - 1) {
        checkHeld(i);
      }
      return index.term(i);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Entry {@code i}, read from its segment and checked. */
  public Entry entry(long i) throws IOException {
    lock.readLock().lock();
    try {
      checkHeld(i);
      List<Entry> one = new ArrayList<>(1);
      readRun(i, i, 0, one);
      return one.get(0);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The entries from {@code from} up to {@code to} (exclusive) whose frames fit in {@code
   * maxBytes}, and at least the first, as raft's storage reads them; fewer if the log ends first.
   *
   * @throws IllegalArgumentException if {@code to <= from}
   */
  public List<Entry> entries(long from, long to, long maxBytes) throws IOException {
    if (to <= from) {
      throw new IllegalArgumentException("an empty range: [" + from + ", " + to + ")");
    }
    lock.readLock().lock();
    try {
      checkHeld(from);
      long end = Math.min(to - 1, index.last());
      List<Entry> entries = new ArrayList<>((int) Math.min(end - from + 1, 1024));
      long next = from;
      long budget = maxBytes;
      while (next <= end) {
        long runEnd = Math.min(end, index.lastInSegment(next));
        budget -= readRun(next, runEnd, budget, entries);
        next = from + entries.size();
        if (next <= runEnd) {
          break; // the budget ran out within this segment
        }
      }
      return entries;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Applies what the writer made durable, in order: entries added (an index that exists replaces it
   * and what follows), truncations and compactions.
   */
  void update(List<IndexChange> changes) {
    // Only a compaction deletes segments, whose cached readers must then go; an overwrite leaves
    // its segments in place, so a save compares no segment lists.
    boolean compacts = changes.stream().anyMatch(IndexChange.Compacted.class::isInstance);
    List<SegmentId> gone = new ArrayList<>();
    lock.writeLock().lock();
    try {
      List<SegmentId> before = compacts ? index.segments() : List.of();
      for (IndexChange change : changes) {
        change.applyTo(index);
      }
      if (compacts) {
        List<SegmentId> after = index.segments();
        for (SegmentId id : before) {
          if (!after.contains(id)) {
            gone.add(id);
          }
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
    for (SegmentId id : gone) {
      readers.forget(id);
    }
  }

  public void close() throws IOException {
    readers.close();
  }

  /**
   * Reads entries {@code from..to}, which lie in one segment, with one positional read, adding to
   * {@code into} those whose frames fit in {@code budget} (the first regardless when {@code into}
   * is empty); returns the bytes their frames span. Within a segment the frames of increasing
   * indexes lie at increasing offsets, so the offsets alone size the read.
   */
  private long readRun(long from, long to, long budget, List<Entry> into) throws IOException {
    SegmentId segment = index.segment(from);
    long start = index.offset(from);
    long segmentLast = index.lastInSegment(from);
    long last = into.isEmpty() || endOf(from, segmentLast) - start <= budget ? from : from - 1;
    while (last < to && endOf(last + 1, segmentLast) - start <= budget) {
      last++;
    }
    if (last < from) {
      return 0;
    }
    long end = endOf(last, segmentLast);
    boolean endKnown = last < segmentLast;
    long length = endKnown ? end - start : index.offset(last) - start + FIRST_READ_BYTES;
    SegmentReaders.Use use = readers.acquire(segment);
    try {
      byte[] bytes = new byte[(int) Math.min(length, MAX_READ_BYTES)];
      int filled = readFully(use, start, bytes);
      EntryFrame frame = frames.get();
      for (long i = from; i <= last; i++) {
        long at = index.offset(i);
        int pos = (int) (at - start);
        long frameBytes = filled - pos >= 8 ? EntryFrame.frameBytes(bytes, pos) : 0;
        if (frameBytes > filled - pos && !endKnown && i == last) {
          // The last frame is longer than the guess: read it whole into its own array.
          byte[] whole = new byte[(int) Math.min(frameBytes, MAX_READ_BYTES)];
          int got = readFully(use, at, whole);
          into.add(
              frame.decode(
                  whole, 0, got, index.chainBefore(i), i, index.term(i), segment.fileName(), at));
          return at + frame.frameBytes() - start;
        }
        into.add(
            frame.decode(
                bytes,
                pos,
                filled - pos,
                index.chainBefore(i),
                i,
                index.term(i),
                segment.fileName(),
                at));
      }
      return endKnown ? end - start : index.offset(last) + frame.frameBytes() - start;
    } finally {
      readers.release(use);
    }
  }

  /**
   * Where the frames up to entry {@code i} end, as far as the index knows: the next one's start.
   */
  private long endOf(long i, long segmentLast) {
    return i < segmentLast ? index.offset(i + 1) : index.offset(i);
  }

  private static int readFully(SegmentReaders.Use use, long position, byte[] into)
      throws IOException {
    int n = 0;
    while (n < into.length) {
      int r = use.reader.readAt(position + n, into, n, into.length - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    return n;
  }

  private void checkHeld(long i) throws EntryUnavailableException {
    if (!index.contains(i)) {
      throw new EntryUnavailableException(i, index.first(), index.last());
    }
  }
}
