package io.github.jwal;

import java.util.List;
import org.jspecify.annotations.Nullable;

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
 * @param tornTail in read mode, the torn tail that ended the read, or {@code null}
 */
public record WalContents(
    byte @Nullable [] metadata,
    HardState hardState,
    List<Entry> entries,
    @Nullable TornTailException tornTail) {
  public WalContents {
    metadata = metadata == null ? null : metadata.clone();
    entries = List.copyOf(entries);
  }

  /** A copy of the metadata, or {@code null}. */
  @Override
  public byte @Nullable [] metadata() {
    return metadata == null ? null : metadata.clone();
  }

  /** The index of the last entry, or {@code orElse} if there are none. */
  public long lastIndex(long orElse) {
    return entries.isEmpty() ? orElse : entries.get(entries.size() - 1).index();
  }
}
