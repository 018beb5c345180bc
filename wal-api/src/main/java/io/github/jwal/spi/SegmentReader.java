package io.github.jwal.spi;

import java.io.Closeable;
import java.io.IOException;

/**
 * Sequential reads of one segment's bytes, from offset 0. Used by one thread at a time.
 *
 * <p>Readers take no lock: a segment may be read while a writer appends to it (rule R7,
 * docs/tck-rules.md). The size is fixed when the reader is opened; bytes appended after that are
 * not seen.
 */
public interface SegmentReader extends Closeable {
  /** The segment's size in bytes when this reader was opened, including any preallocated zeros. */
  long size();

  /**
   * Reads up to {@code len} bytes into {@code b} at {@code off}; returns how many were read, or -1 at
   * {@link #size()}. Blocks until at least one byte is read or the end is reached.
   */
  int read(byte[] b, int off, int len) throws IOException;
}
