package io.github.jwal.memory;

import io.github.jwal.faults.CrashImage;
import io.github.jwal.faults.FaultPlan;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One segment's bytes, as readers see them, and as a crash would leave them. Guarded by its
 * volume's lock.
 *
 * <p>What readers see is {@code data[0, length)}, then zeros up to the preallocated size: the page
 * cache. What a crash leaves is the kit's one crash model, a {@link CrashImage} that every write,
 * cut and sync goes to as well. Preallocated space is virtual: zeros are never stored.
 */
final class Segment {
  /** The largest array a JVM reliably allocates. */
  static final int MAX_LENGTH = Integer.MAX_VALUE - 8;

  private String name;
  private byte[] data = new byte[0];
  private int length;
  private CrashImage image = new CrashImage(new byte[0]);
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

  /** How many bytes are durable: as of the last sync. */
  int durablePrefix() {
    return image.durableLength();
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

  /** Writes at {@code position}; the caller checked the bounds. */
  void write(long position, byte[] b, int off, int len) {
    int end = Math.toIntExact(position + len);
    if (end > data.length) {
      data = Arrays.copyOf(data, (int) Math.min(MAX_LENGTH, Math.max(end, 2L * data.length)));
    }
    System.arraycopy(b, off, data, (int) position, len);
    length = Math.max(length, end);
    image.write(position, Arrays.copyOfRange(b, off, off + len));
  }

  void sync() {
    image.sync();
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

  /**
   * Cuts the segment and its preallocation to at most {@code size} bytes, as ftruncate does: the
   * cut is durable with the next sync.
   */
  void cut(long size) {
    int newLength = (int) Math.min(length, size);
    Arrays.fill(data, newLength, length, (byte) 0);
    length = newLength;
    preallocated = Math.min(preallocated, size);
    image.truncate(size);
  }

  /**
   * Zeroes everything from {@code offset}, durably, as etcd's {@code ZeroToEnd} does: truncate,
   * sync, then preallocate back to the old size. The segment keeps its size; appends start at
   * {@code offset}.
   */
  void zeroFrom(long offset) {
    long oldSize = size();
    cut(offset);
    image.sync();
    preallocated = Math.max(preallocated, oldSize);
  }

  /** Replaces the contents with {@code bytes}, all durable, without preallocation. */
  void replace(byte[] bytes) {
    data = bytes.clone();
    length = bytes.length;
    image = new CrashImage(bytes);
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
    copy.replace(contents());
    copy.preallocated = preallocated;
    return copy;
  }

  /**
   * Applies a power loss: what the plan keeps of the unsynced changes, as {@link CrashImage}
   * decides for every file the kit crashes. Afterwards everything is durable.
   */
  void crash(FaultPlan plan, SplittableRandom random) {
    byte[] after = image.afterCrash(plan, random);
    data = after;
    length = after.length;
    image = new CrashImage(after);
  }
}
