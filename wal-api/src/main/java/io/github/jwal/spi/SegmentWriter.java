package io.github.jwal.spi;

import java.io.Closeable;
import java.io.IOException;

/**
 * Appends to one segment. The engine calls it from one thread at a time, with two exceptions: a
 * {@link #sync()} may run while another thread calls {@link #write} (group commit overlaps the next
 * saves' writes with the current sync), and a cut syncs the next segment's writer on another thread
 * while it seals this one, so the writers of two segments may be synced at once. Such a sync must
 * make durable at least the bytes written before it was called.
 *
 * <p>The durability contract, in the rules of wal-tck's catalogue (docs/tck-rules.md), which the
 * kit's {@code StorageContract} checks:
 *
 * <ul>
 *   <li>R1: after {@link #sync()} or {@link #seal()} returns, every byte written before the call
 *       survives a crash.
 *   <li>R4: bytes never written never appear, after a crash or in a new segment: every byte is one
 *       written there or a zero (where the segment was preallocated).
 *   <li>R6: a failed {@code write} or {@code sync} is final: the writer and its storage refuse
 *       every later write, sync, publish, cut, truncate and delete until reopened. Retrying a
 *       failed sync could report success for data the kernel already dropped.
 *   <li>R2 and R12 for {@link #publish}: once it returns the segment survives a crash under its
 *       name, and a segment is published once.
 * </ul>
 */
public interface SegmentWriter extends Closeable {
  /** The id this segment was published under, or {@code null} while it is staged. */
  SegmentId id();

  /** Where the next {@link #write} goes: the number of bytes of the segment before it. */
  long position();

  /**
   * Writes {@code len} bytes of {@code b} from {@code off} at {@link #position()} and advances it.
   */
  void write(byte[] b, int off, int len) throws IOException;

  /** Makes every byte written so far durable (fdatasync; R1). */
  void sync() throws IOException;

  /**
   * Gives a staged segment its final name, durably: after this returns, the segment exists under
   * {@code id} after a crash (the directory was synced). Before it, a crash may leave the segment
   * missing or under a temporary name. For the segment that {@link LogStorage#create} staged, this
   * is the step that creates the log, atomically: after a crash the log does not exist or exists
   * whole (R2, R3). The caller syncs the segment's contents first. The writer stays open and
   * locked.
   *
   * @throws IllegalStateException if the segment was published already
   */
  void publish(SegmentId id) throws IOException;

  /**
   * Ends appending to this segment: cuts it to {@link #position()} (dropping preallocated space)
   * and syncs (R1). The segment stays locked until {@link LogStorage#release}.
   */
  void seal() throws IOException;
}
