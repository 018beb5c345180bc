package io.github.jwal.log;

import io.github.jwal.HardState;
import io.github.jwal.MetadataConflictException;
import io.github.jwal.ReplayHandler;
import io.github.jwal.Snapshot;
import io.github.jwal.SnapshotMismatchException;
import io.github.jwal.TornTailException;
import io.github.jwal.WalCorruptException;
import io.github.jwal.WalNotFoundException;
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
 * have no gaps, and an entry at or below the snapshot still truncates what followed it (etcd
 * #22442; docs/etcd-differences.md).
 *
 * <p>It starts at a snapshot the caller names, or ({@link #atLatestSnapshot}) finds its start as it
 * reads: the last snapshot record at or below the last hard state's commit index, as etcd's {@code
 * ValidSnapshotEntries} would pick it, so that a log knows its first index after a reopen without a
 * second pass.
 *
 * <p>One instance reads once. Entries reach the {@link ReplayHandler} and, when asked, the {@link
 * EntryIndex} ({@link #entries}); everything else is in the fields after {@link #run}.
 */
public final class LogReplay {
  private final LogStorage storage;
  private final List<SegmentId> segments;

  /**
   * The snapshot to match; {@code null} to match none (a scan for snapshot records), or, with
   * {@link #findStart}, until the read found it.
   */
  private Snapshot start;

  /** Whether the start is the latest valid snapshot record, found by the read itself. */
  private final boolean findStart;

  /** Where entries are indexed; {@code null} unless asked for. */
  private EntryIndex index;

  /** In a read that finds its start: the first index of the entries since the last gap. */
  private long entriesSince = -1;

  private String gapSegment;
  private long gapOffset;
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
  public LogReplay(
      LogStorage storage,
      List<SegmentId> segments,
      Snapshot start,
      ReplayHandler handler,
      EntryData entryData) {
    this(storage, segments, start, false, handler, entryData);
  }

  private LogReplay(
      LogStorage storage,
      List<SegmentId> segments,
      Snapshot start,
      boolean findStart,
      ReplayHandler handler,
      EntryData entryData) {
    this.storage = storage;
    this.segments = segments;
    this.start = start;
    this.findStart = findStart;
    this.handler = handler;
    this.entryData = entryData;
    // A segment's first index says every entry below it was written before it: a commit index
    // carried into its head may name them even after the segments holding them were purged.
    this.lastIndex =
        start != null
            ? start.index()
            : findStart ? Math.max(0, segments.get(0).firstIndex() - 1) : 0;
    this.highestSnapshotIndex = start == null ? 0 : start.index();
  }

  /**
   * A read of every segment of a log that starts at its latest valid snapshot record, found as it
   * reads, and indexes its entries. After {@link #run}, {@link #start()} is that snapshot.
   *
   * <p>With a handler, it streams the entries to it as it reads them. The start is learnt only as
   * the read goes, so entries below it may reach the handler first: they are taken back with {@link
   * ReplayHandler#compactTo}, at a gap or an overwrite from below (which only the part before the
   * start may hold) and once the start is known.
   *
   * @param handler receives the entries, or {@code null} to index them only
   */
  public static LogReplay atLatestSnapshot(
      LogStorage storage, List<SegmentId> segments, ReplayHandler handler) {
    LogReplay replay = new LogReplay(storage, segments, null, true, handler, EntryData.exact());
    replay.index = new EntryIndex(replay.lastIndex, 0);
    return replay;
  }

  /** Indexes the entries this read keeps, for reads by index after it ({@link #entries}). */
  public LogReplay indexing() {
    index = new EntryIndex(start.index(), start.term());
    return this;
  }

  /** The snapshot the read started at. */
  public Snapshot start() {
    return start;
  }

  /** The index of the entries read, if {@link #indexing} asked for one. */
  EntryIndex entries() {
    return index;
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
        int chainBefore = reader.runningCrc();
        while (reader.next()) {
          apply(reader, chainBefore);
          chainBefore = reader.runningCrc();
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
    if (findStart) {
      settleStart();
    }
  }

  /**
   * Takes the latest snapshot record at or below the commit index as the start, and drops from the
   * index what it covers. The entries after it must all be there.
   */
  private void settleStart() throws IOException {
    long commit = hardState.commit();
    for (Snapshot snapshot : snapshots) {
      if (Long.compareUnsigned(snapshot.index(), commit) <= 0
          && (start == null || Long.compareUnsigned(snapshot.index(), start.index()) >= 0)) {
        start = snapshot;
      }
    }
    if (start == null) {
      throw new WalNotFoundException(
          "no snapshot record in "
              + storage.location()
              + " at or below the commit index "
              + Long.toUnsignedString(commit)
              + ", so the log has no first index: open it at a snapshot");
    }
    if (entriesSince > start.index() + 1 && index.last() >= entriesSince) {
      throw new WalCorruptException(
          gapSegment,
          gapOffset,
          "entries "
              + Long.toUnsignedString(start.index() + 1)
              + " to "
              + Long.toUnsignedString(entriesSince - 1)
              + " after the snapshot at "
              + Long.toUnsignedString(start.index())
              + " are missing");
    }
    index.compactTo(start.index(), start.term());
    if (handler != null && entriesSince >= 0 && entriesSince <= start.index()) {
      handler.compactTo(start.index());
    }
    snapshotMatched = true;
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

  private void apply(RecordReader r, int chainBefore) throws IOException {
    long type = r.type();
    try {
      if (type == RecordType.ENTRY) {
        entry(r, chainBefore);
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

  private void entry(RecordReader r, int chainBefore)
      throws IOException, MalformedMessageException {
    PayloadDecoder.parseEntry(r.dataArray(), r.dataOffset(), r.dataLength(), header);
    long index = header.index;
    lastEntryRecordIndex = index;
    if (findStart) {
      entryBeforeTheStartIsKnown(r, chainBefore);
      return;
    }
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
      throw corrupt(
          r,
          "entry index "
              + Long.toUnsignedString(index)
              + " leaves a gap after "
              + Long.toUnsignedString(lastIndex));
    }
    if (Long.compareUnsigned(index, lastIndex) <= 0) {
      truncateAfter(index - 1);
    }
    if (handler != null) {
      handler.append(PayloadDecoder.entry(r.dataArray(), header, entryData));
    }
    if (this.index != null) {
      this.index.add(index, header.term, r.segment(), r.recordOffset(), chainBefore);
    }
    lastIndex = index;
  }

  /**
   * An entry read before the start is known: indexed under raft's overwrite rule. A gap restarts
   * the index at the entry; {@link #settleStart} checks that it lies at or below the start.
   */
  private void entryBeforeTheStartIsKnown(RecordReader r, int chainBefore)
      throws IOException, MalformedMessageException {
    long entry = header.index;
    if (entriesSince >= 0 && entry > lastIndex + 1) {
      gapSegment = r.segmentName();
      gapOffset = r.recordOffset();
    }
    if (entriesSince < 0 || entry > lastIndex + 1 || entry < index.first()) {
      // The first entry, a gap, or an overwrite from below what the index holds: restart it.
      entriesSince = entry;
      index.restartBefore(entry);
    }
    if (handler != null) {
      handOver(entry, r);
    }
    index.add(entry, header.term, r.segment(), r.recordOffset(), chainBefore);
    lastIndex = entry;
  }

  /**
   * Hands an entry read before the start is known to the handler: an overwrite takes back what it
   * replaces, a gap everything before it (which must then lie at or below the start).
   */
  private void handOver(long entry, RecordReader r) throws IOException, MalformedMessageException {
    if (lastIndex >= entry) {
      handler.truncateAfter(entry - 1);
    } else if (entry > lastIndex + 1) {
      handler.compactTo(entry - 1);
    }
    handler.append(PayloadDecoder.entry(r.dataArray(), header, entryData));
  }

  private void truncateAfter(long index) throws IOException {
    if (handler != null) {
      handler.truncateAfter(index);
    }
    if (this.index != null) {
      this.index.truncateAfter(index);
    }
    lastIndex = index;
  }

  private void state(RecordReader r, HardState state) throws WalCorruptException {
    if (Long.compareUnsigned(state.term(), hardState.term()) < 0) {
      throw corrupt(
          r,
          "hard state term "
              + Long.toUnsignedString(state.term())
              + " is lower than the earlier "
              + Long.toUnsignedString(hardState.term()));
    }
    if (start != null || findStart) {
      checkCommit(r, state);
    }
    hardState = state;
  }

  private void checkCommit(RecordReader r, HardState state) throws WalCorruptException {
    long known =
        Long.compareUnsigned(lastIndex, highestSnapshotIndex) > 0
            ? lastIndex
            : highestSnapshotIndex;
    if (Long.compareUnsigned(state.commit(), known) > 0) {
      throw corrupt(
          r,
          "hard state commit "
              + Long.toUnsignedString(state.commit())
              + " is beyond the last index "
              + Long.toUnsignedString(known));
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
