package io.github.jwal.memory;

import io.github.jwal.spi.SegmentReader;
import java.io.IOException;

/**
 * Reads a segment's bytes as they are when read, like a file: unsynced bytes included, and ending
 * early if the segment is cut below the size it had when the reader was opened.
 */
final class InMemorySegmentReader implements SegmentReader {
  private final InMemoryVolume volume;
  private final Segment segment;
  private final long epoch;
  private final long size;
  private long position;
  private boolean closed;

  /** Called under the volume's lock. */
  InMemorySegmentReader(InMemoryVolume volume, Segment segment, long epoch) {
    this.volume = volume;
    this.segment = segment;
    this.epoch = epoch;
    this.size = segment.size();
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Ranges.checkArrayRange(b, off, len);
    synchronized (volume.mutex) {
      volume.checkAlive(epoch);
      if (closed) {
        throw new IOException(
            "the reader of segment " + segment.name() + " in " + volume.location() + " is closed");
      }
      if (position >= size) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      int n = segment.read(position, b, off, (int) Math.min(len, size - position));
      if (n > 0) {
        position += n;
      }
      return n;
    }
  }

  @Override
  public int readAt(long at, byte[] b, int off, int len) throws IOException {
    Ranges.checkArrayRange(b, off, len);
    if (at < 0) {
      throw new IllegalArgumentException("negative position: " + at);
    }
    synchronized (volume.mutex) {
      volume.checkAlive(epoch);
      if (closed) {
        throw new IOException(
            "the reader of segment " + segment.name() + " in " + volume.location() + " is closed");
      }
      return len == 0 ? (at < segment.size() ? 0 : -1) : segment.read(at, b, off, len);
    }
  }

  @Override
  public void close() {
    synchronized (volume.mutex) {
      closed = true;
    }
  }

  @Override
  public String toString() {
    return "InMemorySegmentReader[" + volume.location() + ", " + segment.name() + "]";
  }
}
