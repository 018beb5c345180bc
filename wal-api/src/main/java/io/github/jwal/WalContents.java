package io.github.jwal;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
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
// Error Prone's ArrayRecordComponent: the metadata is copied in and out, and equals, hashCode and
// toString below compare and show its bytes, not the array's identity.
@SuppressWarnings("ArrayRecordComponent")
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

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof WalContents other
        && Arrays.equals(metadata, other.metadata)
        && hardState.equals(other.hardState)
        && entries.equals(other.entries)
        && Objects.equals(tornTail, other.tornTail);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(metadata), hardState, entries, tornTail);
  }

  @Override
  public String toString() {
    return "WalContents[metadata="
        + (metadata == null ? "null" : metadata.length + " bytes")
        + ", hardState="
        + hardState
        + ", entries="
        + entries.size()
        + ", tornTail="
        + tornTail
        + "]";
  }

  /** The index of the last entry, or {@code orElse} if there are none. */
  public long lastIndex(long orElse) {
    return entries.isEmpty() ? orElse : entries.get(entries.size() - 1).index();
  }
}
