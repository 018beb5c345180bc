package io.github.jwal.memory;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One segment's bytes and how much of them would survive a crash. Guarded by its volume's lock.
 *
 * <p>The page cache is {@code data[0, length)}: what readers see. The durable image is
 * {@code data[0, durable)} followed by zeros up to {@code max(durable, preallocated)}. Writers only
 * append at or after {@code durable}, so the two never disagree below it and one array holds both.
 * Preallocated space is virtual: zeros are never stored, only {@code data[length..]} kept zero.
 */
final class Segment {
  /** The largest array a JVM reliably allocates. */
  static final int MAX_LENGTH = Integer.MAX_VALUE - 8;

  private String name;
  private byte[] data = new byte[0];
  private int length;
  private int durable;
  private long preallocated;
  private InMemorySegmentWriter appender;

  Segment(String name, long preallocated) {
    this.name = name;
    this.preallocated = preallocated;
  }

  String name() {
    return name;
  }

  void rename(String newName) {
    name = newName;
  }

  /** What a reader sees: the written bytes, then preallocated zeros. */
  long size() {
    return Math.max(length, preallocated);
  }

  int length() {
    return length;
  }

  int durablePrefix() {
    return durable;
  }

  /** Whether a writer is appending here now: one whose storage is still open. */
  boolean hasOpenWriter() {
    return appender != null && appender.isOpen();
  }

  void appender(InMemorySegmentWriter writer) {
    appender = writer;
  }

  /** The size after writing {@code len} bytes at {@code position}, for the capacity check. */
  long sizeAfterWrite(long position, int len) {
    return Math.max(size(), position + len);
  }

  /** Writes at {@code position}, which is at or after the durable prefix; the caller checked the bounds. */
  void write(long position, byte[] b, int off, int len) {
    int end = Math.toIntExact(position + len);
    if (end > data.length) {
      data = Arrays.copyOf(data, (int) Math.min(MAX_LENGTH, Math.max(end, 2L * data.length)));
    }
    System.arraycopy(b, off, data, (int) position, len);
    length = Math.max(length, end);
  }

  void sync() {
    durable = length;
  }

  /**
   * Copies up to {@code len} bytes from {@code position}; -1 if the segment ends at or before it.
   */
  int read(long position, byte[] b, int off, int len) {
    long available = size() - position;
    if (available <= 0) {
      return -1;
    }
    int n = (int) Math.min(len, available);
    int fromData = (int) Math.max(0, Math.min(n, length - position));
    if (fromData > 0) {
      System.arraycopy(data, (int) position, b, off, fromData);
    }
    Arrays.fill(b, off + fromData, off + n, (byte) 0);
    return n;
  }

  /** Cuts the segment, its durable image and its preallocation to at most {@code size} bytes. */
  void cut(long size) {
    int newLength = (int) Math.min(length, size);
    Arrays.fill(data, newLength, length, (byte) 0);
    length = newLength;
    durable = Math.min(durable, newLength);
    preallocated = Math.min(preallocated, size);
  }

  /**
   * Zeroes everything from {@code offset}, durably, as etcd's {@code ZeroToEnd} does: truncate, then
   * preallocate back to the old size. The segment keeps its size; appends start at {@code offset}.
   */
  void zeroFrom(long offset) {
    long oldSize = size();
    cut(offset);
    preallocated = Math.max(preallocated, oldSize);
  }

  /** Replaces the contents with {@code bytes}, all durable, without preallocation. */
  void replace(byte[] bytes) {
    data = bytes.clone();
    length = bytes.length;
    durable = length;
    preallocated = 0;
  }

  /** The written bytes, synced or not, without the preallocated zeros. */
  byte[] contents() {
    return Arrays.copyOf(data, length);
  }

  /** Every byte a reader would see, preallocated zeros included. */
  byte[] wholeFile() {
    if (size() > MAX_LENGTH) {
      throw new IllegalStateException(name + " has " + size() + " bytes, more than an array holds");
    }
    return Arrays.copyOf(data, (int) size());
  }

  /** A durable copy under another name: what copying the file and syncing the copy leaves. */
  Segment copy(String copyName) {
    Segment copy = new Segment(copyName, preallocated);
    copy.data = Arrays.copyOf(data, length);
    copy.length = length;
    copy.durable = length;
    return copy;
  }

  /**
   * Applies a power loss to the unsynced bytes: each block of {@code plan.granularity()}, aligned
   * to segment offsets, survives or is replaced per the plan. Afterwards everything is durable.
   */
  void crash(CrashPlan plan, SplittableRandom random) {
    long granularity = plan.granularity();
    int keptPrefix = plan.mode() == CrashPlan.Mode.KEEP_PREFIX
        ? random.nextInt(blockCount(granularity) + 1)
        : 0;
    int end = durable;
    int block = 0;
    for (int from = durable; from < length; block++) {
      int to = (int) Math.min(length, (from / granularity + 1) * granularity);
      boolean survives = switch (plan.mode()) {
        case LOSE_UNSYNCED -> false;
        case KEEP_UNSYNCED -> true;
        case KEEP_PREFIX -> block < keptPrefix;
        case TEAR -> random.nextBoolean();
      };
      if (survives) {
        end = to;
      } else {
        end = replaceLostBlock(plan.fill(), from, to, end, random);
      }
      from = to;
    }
    Arrays.fill(data, end, length, (byte) 0);
    length = end;
    durable = end;
  }

  /** Fills a lost block; returns the segment's end so far (an old block beyond it stays a hole). */
  private int replaceLostBlock(CrashPlan.Fill fill, int from, int to, int end, SplittableRandom random) {
    switch (fill) {
      case ZERO -> {
        Arrays.fill(data, from, to, (byte) 0);
        return to;
      }
      case GARBAGE -> {
        byte[] garbage = new byte[to - from];
        random.nextBytes(garbage);
        System.arraycopy(garbage, 0, data, from, garbage.length);
        return to;
      }
      case OLD -> {
        // Below the durable prefix nothing is unsynced, so what was there is preallocated zeros
        // or nothing at all; both read as zeros if a later block extends the segment over them.
        Arrays.fill(data, from, to, (byte) 0);
        return end;
      }
      default -> throw new AssertionError(fill);
    }
  }

  private int blockCount(long granularity) {
    if (length == durable) {
      return 0;
    }
    long firstBlock = durable / granularity;
    long lastBlock = (length - 1) / granularity;
    return (int) (lastBlock - firstBlock + 1);
  }
}
