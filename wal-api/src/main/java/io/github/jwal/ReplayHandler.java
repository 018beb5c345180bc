package io.github.jwal;

import java.io.IOException;

/**
 * Receives the entries of a log as {@link Wal#replay} or {@link Wal#open(WalOptions,
 * ReplayHandler)} streams them, so that a log larger than memory can be restored. The calls
 * describe the log raft would have: each {@link #append} extends it by the next index, {@link
 * #truncateAfter} drops a suffix that a later leader overwrote, and {@link #compactTo} drops a
 * prefix below the log's first index. Called on the reading thread, in log order.
 */
public interface ReplayHandler {
  /**
   * The next entry: its index is one more than the last entry kept, or than the index of the last
   * {@link #truncateAfter} or {@link #compactTo}, or than the snapshot index.
   */
  void append(Entry entry) throws IOException;

  /** Forget every entry delivered so far whose index is above {@code index} (unsigned). */
  void truncateAfter(long index) throws IOException;

  /**
   * Forget every entry delivered so far whose index is at or below {@code index} (unsigned): the
   * log starts after it. Only {@link Wal#open(WalOptions, ReplayHandler)} calls it, which learns
   * where the log starts as it reads; {@link Wal#replay} starts at a snapshot it is given and never
   * does.
   */
  void compactTo(long index) throws IOException;
}
