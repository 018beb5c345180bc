package io.github.jwal.spi;

import java.io.Closeable;
import java.io.IOException;

/**
 * Reads of one segment's bytes: sequential ({@link #read}, from offset 0, by one thread at a time)
 * and positional ({@link #readAt}, from any number of threads at once).
 *
 * <p>Readers take no lock: a segment may be read while a writer appends to it (rule R7,
 * docs/tck-rules.md). {@link #size()} and {@link #read} see the segment as it was when the reader
 * was opened; {@link #readAt} sees it as it is at the call (rule R14).
 */
public interface SegmentReader extends Closeable {
  /** The segment's size in bytes when this reader was opened, including any preallocated zeros. */
  long size();

  /**
   * Reads up to {@code len} bytes into {@code b} at {@code off}; returns how many were read, or -1
   * at {@link #size()}. Blocks until at least one byte is read or the end is reached.
   */
  int read(byte[] b, int off, int len) throws IOException;

  /**
   * Reads up to {@code len} bytes at {@code position} into {@code b} at {@code off}, without moving
   * {@link #read}'s position; returns how many were read (fewer only at the segment's end), or -1
   * at or past the end. It sees every byte written to the segment before the call, synced or not,
   * also beyond {@link #size()} and after a cut or truncation since the reader was opened (rule
   * R14). Thread-safe: any number of threads may call it at once, beside {@link #read} and the
   * writer.
   *
   * @throws IllegalArgumentException if {@code position} is negative
   */
  int readAt(long position, byte[] b, int off, int len) throws IOException;
}
