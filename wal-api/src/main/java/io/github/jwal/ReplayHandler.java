package io.github.jwal;

import java.io.IOException;

/**
 * Receives the entries of a log as {@link Wal#replay} streams them, so that a log larger than
 * memory can be restored. The calls describe the log raft would have: each {@link #append} extends
 * it by the next index, and {@link #truncateAfter} drops a suffix that a later leader overwrote.
 * Called on the replaying thread, in log order.
 */
public interface ReplayHandler {
  /** The next entry: its index is one more than the last entry kept, or the snapshot index. */
  void append(Entry entry) throws IOException;

  /** Forget every entry delivered so far whose index is above {@code index} (unsigned). */
  void truncateAfter(long index) throws IOException;
}
