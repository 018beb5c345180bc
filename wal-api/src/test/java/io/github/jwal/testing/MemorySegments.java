package io.github.jwal.testing;

import io.github.jwal.codec.SegmentOpener;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentReader;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Segments held in memory, for reading records without a storage backend. A reader may be told to
 * return at most {@code maxChunk} bytes per read, as a real file or socket may, so that callers
 * must cope with short reads.
 */
public final class MemorySegments implements SegmentOpener {
  private final SortedMap<SegmentId, byte[]> segments = new TreeMap<>();
  private final int maxChunk;
  private int openReaders;

  /** Segments whose readers fill every read as far as the bytes go. */
  public MemorySegments() {
    this(Integer.MAX_VALUE);
  }

  /** Segments whose readers return at most {@code maxChunk} bytes per read. */
  public MemorySegments(int maxChunk) {
    if (maxChunk < 1) {
      throw new IllegalArgumentException("maxChunk " + maxChunk);
    }
    this.maxChunk = maxChunk;
  }

  /** A single segment, {@code 0000000000000000-0000000000000000.wal}. */
  public static MemorySegments of(byte[] bytes) {
    return new MemorySegments().put(SegmentId.FIRST, bytes);
  }

  /** Adds (or replaces) a segment; the array is kept, not copied. */
  public MemorySegments put(SegmentId id, byte[] bytes) {
    segments.put(id, bytes);
    return this;
  }

  public byte[] bytes(SegmentId id) {
    return segments.get(id);
  }

  /** The ids, in sequence order. */
  public List<SegmentId> ids() {
    return new ArrayList<>(segments.keySet());
  }

  /** How many readers are open now. */
  public int openReaders() {
    return openReaders;
  }

  @Override
  public SegmentReader openReader(SegmentId id) throws IOException {
    byte[] bytes = segments.get(id);
    if (bytes == null) {
      throw new NoSuchFileException(id.fileName());
    }
    openReaders++;
    return new SegmentReader() {
      private int pos;
      private boolean closed;

      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
          throw new IOException("reader of " + id + " is closed");
        }
        if (off < 0 || len < 0 || off > b.length - len) {
          throw new IndexOutOfBoundsException("read(" + off + ", " + len + ") into " + b.length);
        }
        if (len == 0) {
          return 0;
        }
        if (pos == bytes.length) {
          return -1;
        }
        int n = Math.min(Math.min(len, maxChunk), bytes.length - pos);
        System.arraycopy(bytes, pos, b, off, n);
        pos += n;
        return n;
      }

      @Override
      public int readAt(long position, byte[] b, int off, int len) throws IOException {
        if (closed) {
          throw new IOException("reader of " + id + " is closed");
        }
        if (position >= bytes.length) {
          return -1;
        }
        int n = (int) Math.min(len, bytes.length - position);
        System.arraycopy(bytes, (int) position, b, off, n);
        return n;
      }

      @Override
      public void close() {
        if (!closed) {
          closed = true;
          openReaders--;
        }
      }
    };
  }
}
