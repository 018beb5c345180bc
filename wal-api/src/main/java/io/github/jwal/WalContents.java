package io.github.jwal;

import java.util.List;

/**
 * What {@link Wal#readAll} returns: the metadata given to {@link Wal#create}, the last hard state,
 * and the entries after the snapshot the log was opened at, with raft's overwrites applied.
 *
 * <p>Entries above {@code hardState().commit()} may still be overwritten by a later leader; do not
 * apply them to the state machine.
 *
 * @param metadata the metadata bytes, or {@code null} if the log was created with none
 * @param hardState the last hard state saved, {@link HardState#EMPTY} if none was
 * @param entries the entries, contiguous and in index order (immutable)
 */
public record WalContents(byte[] metadata, HardState hardState, List<Entry> entries) {
  public WalContents {
    entries = List.copyOf(entries);
  }

  /** The index of the last entry, or {@code orElse} if there are none. */
  public long lastIndex(long orElse) {
    return entries.isEmpty() ? orElse : entries.get(entries.size() - 1).index();
  }
}
