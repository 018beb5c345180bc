package io.github.jwal.log;

import io.github.jwal.spi.SegmentId;

/**
 * A change the log writer makes to the {@link EntryIndex} once the records behind it are durable:
 * readers never see an entry a crash could take back.
 */
sealed interface IndexChange {
  void applyTo(EntryIndex index);

  /**
   * Entry {@code index} written at {@code offset} of {@code segment}; replaces one that exists. An
   * entry at or below the snapshot is not indexed, but still drops every entry after the snapshot,
   * as a replay reads it (etcd #22442).
   */
  record Added(long index, long term, SegmentId segment, long offset, int chainBefore)
      implements IndexChange {
    @Override
    public void applyTo(EntryIndex entries) {
      if (index < entries.first()) {
        entries.truncateAfter(entries.first() - 1);
      } else {
        entries.add(index, term, segment, offset, chainBefore);
      }
    }
  }

  /** The first index is now {@code snapshotIndex + 1}. */
  record Compacted(long snapshotIndex, long snapshotTerm) implements IndexChange {
    @Override
    public void applyTo(EntryIndex entries) {
      entries.compactTo(snapshotIndex, snapshotTerm);
    }
  }
}
