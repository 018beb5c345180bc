package io.github.jwal.log;

import io.github.jwal.HardState;
import io.github.jwal.MetadataConflictException;
import io.github.jwal.ReplayHandler;
import io.github.jwal.Snapshot;
import io.github.jwal.SnapshotMismatchException;
import io.github.jwal.TornTailException;
import io.github.jwal.WalCorruptException;
import io.github.jwal.codec.EntryData;
import io.github.jwal.codec.MalformedMessageException;
import io.github.jwal.codec.PayloadDecoder;
import io.github.jwal.codec.RecordReader;
import io.github.jwal.codec.RecordType;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a run of segments and applies etcd's replay rules (docs/replay.md), plus the checks etcd
 * lacks: hard-state terms never go down, the commit index never passes the known log, entry indexes
 * have no gaps, and an entry at or below the snapshot still truncates what followed it
 * (etcd #22442; docs/etcd-differences.md).
 *
 * <p>One instance reads once. Entries reach the {@link ReplayHandler}; everything else is in the
 * fields after {@link #run}.
 */
public final class LogReplay {
  private final LogStorage storage;
  private final List<SegmentId> segments;
  /** The snapshot to match, or {@code null} to match none (a scan for snapshot records). */
  private final Snapshot start;
  private final ReplayHandler handler;
  private final EntryData entryData;
  private final PayloadDecoder.EntryHeader header = new PayloadDecoder.EntryHeader();

  private byte[] metadata;
  private boolean metadataSeen;
  private HardState hardState = HardState.EMPTY;
  private final List<Snapshot> snapshots = new ArrayList<>();
  private boolean snapshotMatched;
  /** The index of the last entry kept, or the snapshot index. */
  private long lastIndex;
  /** The index of the last entry record read, kept or not: etcd's {@code enti} after ReadAll. */
  private long lastEntryRecordIndex;
  private long highestSnapshotIndex;
  private TornTailException tornTail;
  private long tailOffset;
  private int runningCrc;

  /**
   * @param handler receives entries, or {@code null} to check them without keeping any
   * @param entryData where entry payloads are copied to
   */
  public LogReplay(LogStorage storage, List<SegmentId> segments, Snapshot start, ReplayHandler handler,
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
  public void run(boolean tolerateTornTail) throws IOException {
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

  /** The metadata of the segments read (etcd's); {@code null} if a segment stored none. */
  public byte[] metadata() {
    return metadata;
  }

  /** The last hard state read, or {@link HardState#EMPTY}. */
  public HardState hardState() {
    return hardState;
  }

  /** The snapshot records read, in log order. */
  public List<Snapshot> snapshots() {
    return snapshots;
  }

  /** Whether a snapshot record matched the snapshot the read started at. */
  public boolean snapshotMatched() {
    return snapshotMatched;
  }

  /** The index of the last entry record read, kept or not: etcd's {@code enti} after ReadAll. */
  public long lastEntryRecordIndex() {
    return lastEntryRecordIndex;
  }

  /** The torn tail that ended a read that tolerates one, or {@code null}. */
  public TornTailException tornTail() {
    return tornTail;
  }

  /** The offset in the last segment after its last valid record. */
  public long tailOffset() {
    return tailOffset;
  }

  /** The CRC chain after the last valid record. */
  public int runningCrc() {
    return runningCrc;
  }

  private void apply(RecordReader r) throws IOException {
    long type = r.type();
    try {
      if (type == RecordType.ENTRY) {
        entry(r);
      } else if (type == RecordType.STATE) {
        state(r, PayloadDecoder.hardState(r.dataArray(), r.dataOffset(), r.dataLength()));
      } else if (type == RecordType.METADATA) {
        metadata(r);
      } else if (type == RecordType.SNAPSHOT) {
        snapshot(PayloadDecoder.snapshot(r.dataArray(), r.dataOffset(), r.dataLength()));
      } else if (type != RecordType.CRC) {
        throw corrupt(r, "unexpected record type " + type);
      }
    } catch (MalformedMessageException e) {
      throw corrupt(r, RecordType.name(type) + " payload does not parse: " + e.getMessage());
    }
  }

  private void entry(RecordReader r) throws IOException, MalformedMessageException {
    PayloadDecoder.parseEntry(r.dataArray(), r.dataOffset(), r.dataLength(), header);
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
      handler.append(PayloadDecoder.entry(r.dataArray(), header, entryData));
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
