package io.github.jwal;

import io.github.jwal.internal.MalformedMessageException;
import io.github.jwal.internal.RecordReader;
import io.github.jwal.internal.RecordType;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a run of segments and applies etcd's replay rules (spec §5), plus the checks etcd lacks:
 * hard-state terms never go down, the commit index never passes the known log, entry indexes have no
 * gaps, and an entry at or below the snapshot still truncates what followed it (etcd #22442).
 *
 * <p>One instance reads once. Entries reach the {@link ReplayHandler}; everything else is in the
 * fields after {@link #run}.
 */
final class LogReplay {
  private final LogStorage storage;
  private final List<SegmentId> segments;
  /** The snapshot to match, or {@code null} to match none (a scan for snapshot records). */
  private final Snapshot start;
  private final ReplayHandler handler;
  private final EntryData entryData;
  private final Payloads.EntryHeader header = new Payloads.EntryHeader();

  byte[] metadata;
  boolean metadataSeen;
  HardState hardState = HardState.EMPTY;
  final List<Snapshot> snapshots = new ArrayList<>();
  boolean snapshotMatched;
  /** The index of the last entry kept, or the snapshot index. */
  long lastIndex;
  /** The index of the last entry record read, kept or not: etcd's {@code enti} after ReadAll. */
  long lastEntryRecordIndex;
  private long highestSnapshotIndex;
  TornTailException tornTail;
  long tailOffset;
  int runningCrc;

  /**
   * @param handler receives entries, or {@code null} to check them without keeping any
   * @param entryData where entry payloads are copied to
   */
  LogReplay(LogStorage storage, List<SegmentId> segments, Snapshot start, ReplayHandler handler,
      EntryData entryData) {
    this.storage = storage;
    this.segments = segments;
    this.start = start;
    this.handler = handler;
    this.entryData = entryData;
    this.lastIndex = start == null ? 0 : start.index();
    this.highestSnapshotIndex = lastIndex;
  }

  /**
   * Reads every record.
   *
   * @param tolerateTornTail whether a torn tail ends the read normally (read mode, as etcd) rather
   *     than being thrown; it is then kept in {@link #tornTail}
   */
  void run(boolean tolerateTornTail) throws IOException {
    try (RecordReader reader = new RecordReader(storage::openReader, segments)) {
      try {
        while (reader.next()) {
          apply(reader);
        }
      } catch (TornTailException torn) {
        if (!tolerateTornTail) {
          throw torn;
        }
        tornTail = torn;
      }
      tailOffset = reader.lastValidOffset();
      runningCrc = reader.runningCrc();
    }
  }

  private void apply(RecordReader r) throws IOException {
    long type = r.type();
    try {
      if (type == RecordType.ENTRY) {
        entry(r);
      } else if (type == RecordType.STATE) {
        state(r, Payloads.hardState(r.dataArray(), r.dataOffset(), r.dataLength()));
      } else if (type == RecordType.METADATA) {
        metadata(r);
      } else if (type == RecordType.SNAPSHOT) {
        snapshot(Payloads.snapshot(r.dataArray(), r.dataOffset(), r.dataLength()));
      } else if (type != RecordType.CRC) {
        throw corrupt(r, "unexpected record type " + type);
      }
    } catch (MalformedMessageException e) {
      throw corrupt(r, RecordType.name(type) + " payload does not parse: " + e.getMessage());
    }
  }

  private void entry(RecordReader r) throws IOException, MalformedMessageException {
    Payloads.parseEntry(r.dataArray(), r.dataOffset(), r.dataLength(), header);
    long index = header.index;
    lastEntryRecordIndex = index;
    if (start == null) {
      return; // a scan for snapshots may start in any segment: there is no base to check against
    }
    long snapshotIndex = start.index();
    if (Long.compareUnsigned(index, snapshotIndex) <= 0) {
      // etcd ignores such an entry entirely; but it still overwrote the log from its index on.
      if (Long.compareUnsigned(lastIndex, snapshotIndex) > 0) {
        truncateAfter(snapshotIndex);
      }
      return;
    }
    if (Long.compareUnsigned(index, lastIndex + 1) > 0) {
      throw corrupt(r, "entry index " + Long.toUnsignedString(index) + " leaves a gap after "
          + Long.toUnsignedString(lastIndex));
    }
    if (Long.compareUnsigned(index, lastIndex) <= 0) {
      truncateAfter(index - 1);
    }
    if (handler != null) {
      handler.append(Payloads.entry(r.dataArray(), header, entryData));
    }
    lastIndex = index;
  }

  private void truncateAfter(long index) throws IOException {
    if (handler != null) {
      handler.truncateAfter(index);
    }
    lastIndex = index;
  }

  private void state(RecordReader r, HardState state) throws WalCorruptException {
    if (Long.compareUnsigned(state.term(), hardState.term()) < 0) {
      throw corrupt(r, "hard state term " + Long.toUnsignedString(state.term())
          + " is lower than the earlier " + Long.toUnsignedString(hardState.term()));
    }
    if (start != null) {
      checkCommit(r, state);
    }
    hardState = state;
  }

  private void checkCommit(RecordReader r, HardState state) throws WalCorruptException {
    long known = Long.compareUnsigned(lastIndex, highestSnapshotIndex) > 0 ? lastIndex : highestSnapshotIndex;
    if (Long.compareUnsigned(state.commit(), known) > 0) {
      throw corrupt(r, "hard state commit " + Long.toUnsignedString(state.commit())
          + " is beyond the last index " + Long.toUnsignedString(known));
    }
  }

  private void metadata(RecordReader r) throws MetadataConflictException {
    byte[] data = r.copyData();
    if (metadataSeen && !Arrays.equals(metadata, data)) {
      throw new MetadataConflictException(r.segmentName(), r.recordOffset());
    }
    metadata = data;
    metadataSeen = true;
  }

  private void snapshot(Snapshot snapshot) throws SnapshotMismatchException {
    snapshots.add(snapshot);
    if (Long.compareUnsigned(snapshot.index(), highestSnapshotIndex) > 0) {
      highestSnapshotIndex = snapshot.index();
    }
    if (start != null && snapshot.index() == start.index()) {
      if (snapshot.term() != start.term()) {
        throw new SnapshotMismatchException(start, snapshot);
      }
      snapshotMatched = true;
    }
  }

  private static WalCorruptException corrupt(RecordReader r, String problem) {
    return new WalCorruptException(r.segmentName(), r.recordOffset(), problem);
  }
}
