package io.github.jwal.log;

import io.github.jwal.HardState;
import io.github.jwal.RepairPolicy;
import io.github.jwal.RepairResult;
import io.github.jwal.Snapshot;
import io.github.jwal.SnapshotNotFoundException;
import io.github.jwal.TornTailException;
import io.github.jwal.Wal;
import io.github.jwal.WalContents;
import io.github.jwal.WalCorruptException;
import io.github.jwal.WalLockedException;
import io.github.jwal.WalNotFoundException;
import io.github.jwal.WalOptions;
import io.github.jwal.codec.EntryData;
import io.github.jwal.codec.RecordReader;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentReader;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The operations on a log that need no open {@link Wal}: listing, verify, snapshot scan, purge,
 * repair.
 */
public final class Maintenance {
  private static final System.Logger LOG = System.getLogger(Wal.class.getName());

  private Maintenance() {}

  public static HardState verify(WalOptions options, Snapshot snapshot) throws IOException {
    try (LogStorage storage = StorageProviders.open(options)) {
      List<SegmentId> selected =
          SegmentSelection.select(storage.segments(), snapshot.index(), storage.location());
      LogReplay replay = new LogReplay(storage, selected, snapshot, null, EntryData.exact());
      replay.run(true);
      if (!replay.snapshotMatched()) {
        throw new SnapshotNotFoundException(
            snapshot,
            new WalContents(replay.metadata(), replay.hardState(), List.of(), replay.tornTail()));
      }
      return replay.hardState();
    }
  }

  public static List<Snapshot> validSnapshotEntries(WalOptions options) throws IOException {
    try (LogStorage storage = StorageProviders.open(options)) {
      List<SegmentId> all = storage.segments();
      if (all.isEmpty()) {
        throw new WalNotFoundException("no write-ahead log segments in " + storage.location());
      }
      LogReplay replay = new LogReplay(storage, all, null, null, EntryData.exact());
      replay.run(true);
      long commit = replay.hardState().commit();
      return replay.snapshots().stream()
          .filter(s -> Long.compareUnsigned(s.index(), commit) <= 0)
          .toList();
    }
  }

  public static SortedMap<SegmentId, Long> segmentSizes(WalOptions options) throws IOException {
    SortedMap<SegmentId, Long> sizes = new TreeMap<>();
    try (LogStorage storage = StorageProviders.open(options)) {
      for (SegmentId id : storage.segments()) {
        try (SegmentReader reader = storage.openReader(id)) {
          sizes.put(id, reader.size());
        } catch (NoSuchFileException purged) {
          // deleted since the listing, as a purge beside a writer does: no longer part of the log
        }
      }
    }
    return Collections.unmodifiableSortedMap(sizes);
  }

  public static List<SegmentId> purge(WalOptions options, int keep) throws IOException {
    if (keep < 1) {
      throw new IllegalArgumentException("keep at least one segment: " + keep);
    }
    List<SegmentId> deleted = new ArrayList<>();
    try (LogStorage storage = StorageProviders.open(options)) {
      List<SegmentId> all = storage.segments();
      for (SegmentId id : all.subList(0, Math.max(0, all.size() - keep))) {
        try {
          storage.delete(id);
        } catch (WalLockedException stillHeld) {
          break;
        }
        deleted.add(id);
      }
    }
    return deleted;
  }

  public static RepairResult repair(WalOptions options, RepairPolicy policy) throws IOException {
    try (LogStorage storage = StorageProviders.open(options)) {
      storage.lock();
      List<SegmentId> all = storage.segments();
      if (all.isEmpty()) {
        throw new WalNotFoundException("no write-ahead log segments in " + storage.location());
      }
      SegmentId last = all.get(all.size() - 1);
      storage.hold(List.of(last));
      try (RecordReader reader = new RecordReader(storage::openReader, List.of(last))) {
        boolean more = true;
        while (more) {
          more = reader.next(); // reading every record is the check; the records are not needed
        }
        return RepairResult.nothingToRepair();
      } catch (TornTailException torn) {
        return cut(storage, last, torn);
      } catch (WalCorruptException corrupt) {
        if (policy == RepairPolicy.DISCARD_DAMAGED_TAIL
            && corrupt.segment().equals(last.fileName())) {
          return cut(storage, last, corrupt);
        }
        throw corrupt;
      }
    }
  }

  private static RepairResult cut(LogStorage storage, SegmentId segment, WalCorruptException damage)
      throws IOException {
    String backup = storage.backup(segment);
    storage.truncate(segment, damage.offset());
    LOG.log(
        Level.WARNING,
        "repaired {0} in {1}: cut at offset {2}, backup {3}: {4}",
        segment,
        storage.location(),
        damage.offset(),
        backup,
        damage.getMessage());
    return new RepairResult(true, segment.fileName(), damage.offset(), backup, damage.getMessage());
  }
}
