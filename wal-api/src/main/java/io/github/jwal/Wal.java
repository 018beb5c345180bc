package io.github.jwal;

import io.github.jwal.codec.EntryData;
import io.github.jwal.log.LogEntries;
import io.github.jwal.log.LogReplay;
import io.github.jwal.log.LogWriter;
import io.github.jwal.log.Maintenance;
import io.github.jwal.log.SegmentSelection;
import io.github.jwal.log.StorageProviders;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A write-ahead log in etcd's on-disk format: raft entries, hard states and snapshot markers in
 * CRC-chained, 8-byte aligned frames, in segments that etcd 3.4–3.6 reads and writes.
 *
 * <h2>Life cycle</h2>
 *
 * <ul>
 *   <li>{@link #create} makes a new log and returns it ready to append.
 *   <li>{@link #open} opens an existing log for writing at a snapshot; call {@link #readAll} (or
 *       {@link #replay}) once before appending.
 *   <li>{@link #openForRead} opens it read-only, without a lock, even while a writer appends.
 *   <li>{@link #close} syncs and releases everything.
 * </ul>
 *
 * <h2>Durability</h2>
 *
 * When {@link #save} (with entries, or a changed term or vote), {@link #saveSnapshot} or {@link
 * #sync} returns, what was saved survives a crash. A save that only advances the commit index is
 * not synced, as in etcd and raft: it becomes durable with the next sync. A damaged log is never
 * silently truncated in the middle: reading it throws {@link WalCorruptException} naming the
 * segment and offset, and only a {@link TornTailException} is repaired by {@link
 * #repair(WalOptions)}.
 *
 * <h2>Threads</h2>
 *
 * Any thread may call any method. Saves are serialized: each is encoded whole, in call order, never
 * interleaved with another. Concurrent savers share syncs (group commit): while one sync runs, the
 * next saves are encoded, and one sync then covers them all. {@link #saveAsync} orders a save at
 * the call and acknowledges it when durable, so one thread can keep many saves in flight. Only one
 * {@code Wal} in any process may have a log open for writing; another gets {@link
 * WalLockedException}.
 *
 * <h2>Failures</h2>
 *
 * If a write or a sync fails, the log is poisoned: every later call throws {@link
 * WalClosedException} ({@link WalClosedException#isPoisoned()}), and nothing saved since the last
 * successful sync is acknowledged. Close it and open it again. A save that may fill the tail
 * segment first takes the next segment from the storage; if the storage cannot prepare one (a full
 * disk), the save is refused whole with a {@link WalException} that is not a {@link
 * WalClosedException}: nothing of it was written, the log is not poisoned, and saves go on (the
 * next one that needs the segment asks again). Closing is not a failure: a call that loses a race
 * with {@link #close} gets a {@link WalClosedException} that is not poisoned.
 *
 * <p>Unsigned 64-bit numbers (terms, indexes) are held in {@code long}s throughout.
 */
public final class Wal implements Closeable {
  private final WalOptions options;
  private final LogStorage storage;
  private final Snapshot start;
  private final boolean readOnly;

  /** The segments to read, until they are read; {@code null} for a created log. */
  private @Nullable List<SegmentId> selection;

  /** Set once the log can be appended to: at create, or after the read of a log opened to write. */
  private volatile @Nullable LogWriter writer;

  /** The entries by index: set at create, or by the read of an opened log. */
  private volatile @Nullable LogEntries entries;

  private volatile boolean closed;

  /** What the read found, without entries: for {@link #metadata()}. */
  private volatile @Nullable WalContents contents;

  private Wal(
      WalOptions options,
      LogStorage storage,
      Snapshot start,
      @Nullable List<SegmentId> selection,
      boolean readOnly) {
    this.options = options;
    this.storage = storage;
    this.start = start;
    this.selection = selection;
    this.readOnly = readOnly;
  }

  /**
   * Creates a log at {@code options.location()} holding {@code metadata} (may be {@code null},
   * which is stored differently from an empty array), and returns it ready to append. The log
   * appears atomically: after a crash it does not exist, or exists whole.
   *
   * @throws WalExistsException if a log already exists there
   */
  public static Wal create(WalOptions options, byte @Nullable [] metadata) throws IOException {
    LogStorage storage = StorageProviders.open(options);
    try {
      if (storage.exists()) {
        throw new WalExistsException(storage.location());
      }
      Wal wal = new Wal(options, storage, Snapshot.ZERO, null, false);
      wal.writer = LogWriter.create(storage, options, metadata == null ? null : metadata.clone());
      wal.entries = wal.writer.entries();
      wal.contents = new WalContents(metadata, HardState.EMPTY, List.of(), null);
      return wal;
    } catch (IOException | RuntimeException e) {
      closeQuietly(storage, e);
      throw e;
    }
  }

  /**
   * Opens the log for writing from {@code snapshot} (use {@link Snapshot#ZERO} to read from the
   * start): becomes the log's one writer, then selects the segments that hold the snapshot and
   * holds them. Call {@link #readAll} or {@link #replay} before appending. A refused open changes
   * nothing.
   *
   * @throws WalNotFoundException if no segment holds the snapshot or the segments have a hole
   * @throws WalLockedException if another writer has the log open
   */
  public static Wal open(WalOptions options, Snapshot snapshot) throws IOException {
    return open(options, snapshot, false);
  }

  /**
   * Opens the log read-only from {@code snapshot}, without a lock: it may be read while a writer
   * appends. Call {@link #readAll} or {@link #replay} once; saving throws.
   */
  public static Wal openForRead(WalOptions options, Snapshot snapshot) throws IOException {
    return open(options, snapshot, true);
  }

  /**
   * Opens the log for writing at its latest valid snapshot record (the last at or below the last
   * hard state's commit index, as {@link #validSnapshotEntries} finds it) and reads it once,
   * indexing its entries without keeping their payloads: it is ready to append and to read by index
   * ({@link #entry}) at once. A log that was {@link #compact compacted} knows its first index this
   * way. A torn tail is thrown as by {@link #readAll}.
   *
   * @throws WalNotFoundException if there is no log, or no snapshot record at or below the commit
   *     index (every log jwal or etcd creates has one at index 0 until it is purged)
   * @throws WalLockedException if another writer has the log open
   */
  public static Wal open(WalOptions options) throws IOException {
    return openAtLatestSnapshot(options, null, false);
  }

  /**
   * Opens the log as {@link #open(WalOptions)} does and, in the same one read, streams to {@code
   * handler} the entries it holds, as {@link #replay} would: a restart that restores its state and
   * is ready to append and to read by index, reading the log once. The log's first index is learnt
   * only as the read goes, so entries below it may reach the handler before a {@link
   * ReplayHandler#compactTo} takes them back; when this returns, the entries the handler kept are
   * exactly those from {@link #firstIndex()} to {@link #lastIndex()}. If it throws, the handler may
   * have seen entries of a log that did not open, as with {@link #replay}. The handler is called on
   * this thread, before this returns.
   *
   * @throws WalNotFoundException if there is no log, or no snapshot record at or below the commit
   *     index
   * @throws WalLockedException if another writer has the log open
   */
  public static Wal open(WalOptions options, ReplayHandler handler) throws IOException {
    return openAtLatestSnapshot(options, handler, false);
  }

  /**
   * Opens the log read-only, without a lock, at its latest valid snapshot record, as {@link
   * #open(WalOptions)} does; it reads by index what the log held when it was opened. A torn tail
   * (perhaps a write in progress) ends the read, as in {@link #readAll}.
   */
  public static Wal openForRead(WalOptions options) throws IOException {
    return openAtLatestSnapshot(options, null, true);
  }

  private static Wal openAtLatestSnapshot(
      WalOptions options, @Nullable ReplayHandler handler, boolean readOnly) throws IOException {
    LogStorage storage = StorageProviders.open(options);
    try {
      if (!readOnly) {
        storage.lock(); // before the listing, as in open(options, snapshot)
      }
      List<SegmentId> all = SegmentSelection.all(storage.segments(), storage.location());
      if (!readOnly) {
        storage.hold(all);
      }
      LogReplay replay = LogReplay.atLatestSnapshot(storage, all, handler);
      replay.run(readOnly);
      Wal wal = new Wal(options, storage, replay.start(), null, readOnly);
      wal.entries = LogEntries.of(storage, replay);
      wal.contents =
          new WalContents(replay.metadata(), replay.hardState(), List.of(), replay.tornTail());
      if (!readOnly) {
        wal.writer = LogWriter.resume(storage, options, all, replay, wal.entries);
      }
      return wal;
    } catch (IOException | RuntimeException e) {
      closeQuietly(storage, e);
      throw e;
    }
  }

  private static Wal open(WalOptions options, Snapshot snapshot, boolean readOnly)
      throws IOException {
    LogStorage storage = StorageProviders.open(options);
    try {
      if (!readOnly) {
        // The writer's lock comes before the listing, so that no other writer can cut, release or
        // repair between the two (holding the listed segments alone would let one in there).
        storage.lock();
      }
      List<SegmentId> selected =
          SegmentSelection.select(storage.segments(), snapshot.index(), storage.location());
      if (!readOnly) {
        storage.hold(selected);
      }
      return new Wal(options, storage, snapshot, selected, readOnly);
    } catch (IOException | RuntimeException e) {
      closeQuietly(storage, e);
      throw e;
    }
  }

  /**
   * Reads the whole log from the snapshot it was opened at: the metadata, the last hard state and
   * the entries after the snapshot, with later entries replacing earlier ones at the same index
   * (raft's overwrites). Allowed once, on a log from {@link #open} or {@link #openForRead}.
   *
   * <p>The entries' payloads are packed into a few large shared arrays, which spares the garbage
   * collector millions of small ones; an entry kept alone keeps its array alive, so copy ({@link
   * Entry#data()}) what you keep long after the read, or use {@link #replay}.
   *
   * <p>In write mode, on success the log is ready to append after its last record. A torn tail is
   * thrown as {@link TornTailException}: {@link #close}, {@link #repair(WalOptions)} and open
   * again. In read mode a torn tail (perhaps a write in progress) ends the read and is reported in
   * {@link WalContents#tornTail()}.
   *
   * @throws SnapshotNotFoundException if no snapshot record matches the snapshot the log was opened
   *     at (etcd forgets this in write mode); it carries what was read, and in write mode the log
   *     is ready to append all the same
   * @throws SnapshotMismatchException if a snapshot record at that index has another term
   * @throws WalCorruptException if the log is damaged
   * @throws IllegalStateException if the log was created rather than opened, or was read already
   */
  public synchronized WalContents readAll() throws IOException {
    List<Entry> entries = new ArrayList<>();
    long base = start.index();
    ReplayHandler collect =
        new ReplayHandler() {
          @Override
          public void append(Entry entry) {
            entries.add(entry);
          }

          @Override
          public void truncateAfter(long index) {
            int keep = (int) (index - base);
            entries.subList(keep, entries.size()).clear();
          }

          @Override
          public void compactTo(long index) {
            throw new IllegalStateException("a read at a snapshot never compacts");
          }
        };
    LogReplay replay = replayInto(collect, EntryData.slabs());
    WalContents contents =
        new WalContents(replay.metadata(), replay.hardState(), entries, replay.tornTail());
    finishReplay(replay, contents);
    return contents;
  }

  /**
   * Streams the log to {@code handler} instead of collecting it, so memory stays bounded by the
   * largest entry. Same rules, errors and follow-up as {@link #readAll}; the returned contents have
   * no entries.
   */
  public synchronized WalContents replay(ReplayHandler handler) throws IOException {
    LogReplay replay = replayInto(handler, EntryData.exact());
    WalContents contents =
        new WalContents(replay.metadata(), replay.hardState(), List.of(), replay.tornTail());
    finishReplay(replay, contents);
    return contents;
  }

  private LogReplay replayInto(ReplayHandler handler, EntryData entryData) throws IOException {
    checkNotClosed();
    if (selection == null) {
      throw new IllegalStateException(
          "nothing to read: the log was read already, or was created"
              + " (readAll is for logs opened with open or openForRead)");
    }
    LogReplay replay = new LogReplay(storage, selection, start, handler, entryData).indexing();
    replay.run(readOnly);
    return replay;
  }

  private void finishReplay(LogReplay replay, WalContents contents) throws IOException {
    List<SegmentId> read = selection;
    selection = null;
    entries = LogEntries.of(storage, replay);
    this.contents =
        new WalContents(replay.metadata(), replay.hardState(), List.of(), replay.tornTail());
    if (!readOnly) {
      writer = LogWriter.resume(storage, options, read, replay, entries);
    }
    if (!replay.snapshotMatched()) {
      throw new SnapshotNotFoundException(start, contents);
    }
  }

  /**
   * The index of the first entry this log holds: the index of the snapshot it was opened at, or
   * compacted to, plus one. Reads by index ({@link #entry}, {@link #entries}, {@link #term}) need
   * an index of the log's records, built by the read that opened it: they work on a created log, on
   * a log from {@link #open(WalOptions)} or {@link #openForRead(WalOptions)}, and on one from
   * {@link #open(WalOptions, Snapshot)} once it was read ({@link #readAll}, {@link #replay}). They
   * may be called from any number of threads beside the writer; they see an entry once its save is
   * durable, and never one a truncation or compaction dropped. A poisoned log refuses them as it
   * refuses saves: after a failed sync the storage's bytes are not to be trusted until a reopen
   * reads them again.
   *
   * @throws IllegalStateException if the log was opened at a snapshot and not read yet
   * @throws WalClosedException if the log is closed or poisoned
   */
  public long firstIndex() throws IOException {
    return entriesByIndex().firstIndex();
  }

  /** The index of the last entry, or {@code firstIndex() - 1} if the log holds none. */
  public long lastIndex() throws IOException {
    return entriesByIndex().lastIndex();
  }

  /**
   * The term of entry {@code index}, or of the snapshot for {@code firstIndex() - 1}, as raft's
   * storage answers it.
   *
   * @throws EntryUnavailableException if the log holds no such entry
   */
  public long term(long index) throws IOException {
    return entriesByIndex().term(index);
  }

  /**
   * Entry {@code index}, read from its segment and checked as a replay checks it (its CRC
   * included).
   *
   * @throws EntryUnavailableException if the log holds no such entry: compacted, or not yet written
   * @throws WalCorruptException if its record is damaged, naming the segment and offset
   */
  public Entry entry(long index) throws IOException {
    return entriesByIndex().entry(index);
  }

  /**
   * The entries from {@code fromIndex} up to {@code toIndex} (exclusive), as many as fit in {@code
   * maxBytes} of frames but at least the first (raft's {@code Entries(lo, hi, maxSize)}), fewer if
   * the log ends first. The payloads of one call share arrays, read with one positional read per
   * segment.
   *
   * @throws EntryUnavailableException if the log does not hold {@code fromIndex}
   * @throws IllegalArgumentException if {@code toIndex <= fromIndex}
   */
  public List<Entry> entries(long fromIndex, long toIndex, long maxBytes) throws IOException {
    return entriesByIndex().entries(fromIndex, toIndex, maxBytes);
  }

  /**
   * The last hard state: the last one saved, or the one the log was read with. A compaction may
   * have raised its commit index to the snapshot's.
   */
  public HardState hardState() throws IOException {
    checkNotClosed();
    LogWriter current = writer;
    return current != null ? current.hardState() : contentsRead().hardState();
  }

  /** The log's metadata, as it was created with it; {@code null} if it was created with none. */
  public byte @Nullable [] metadata() throws IOException {
    checkNotClosed();
    byte[] metadata = contentsRead().metadata();
    return metadata == null ? null : metadata.clone();
  }

  /**
   * Appends one entry of {@code term} for each payload, at indexes the log assigns, one after the
   * last entry saved; returns the first, once they are durable. Any number of threads may append at
   * once without ordering their calls: each call's entries are consecutive, the calls are ordered
   * as they take the log's lock, and the calls waiting meanwhile share one sync. Payloads are read
   * during the call and not kept.
   *
   * @throws IllegalArgumentException if {@code payloads} is empty, or {@code term} is below the
   *     last entry's term
   * @throws WalClosedException if the log is closed or poisoned
   */
  public long append(long term, List<byte[]> payloads) throws IOException {
    return writer().append(term, payloads);
  }

  /**
   * {@link #append}, ordered at the call and acknowledged when durable: the future holds the first
   * index given, or fails with the log's failure.
   */
  public CompletableFuture<Long> appendAsync(long term, List<byte[]> payloads) {
    try {
      return writer().appendAsync(term, payloads);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Drops every entry after {@code index}, durably: when it returns, no read by index sees them,
   * and neither a reopen nor a crash brings them back. It costs what it drops, not the size of the
   * log: the last entry kept is written again, which etcd's reader and jwal's both take as raft's
   * overwrite. A no-op if the log ends at or before {@code index}.
   *
   * @throws IllegalArgumentException if entries up to {@code index} were compacted, or {@code
   *     index} is below the hard state's commit index (committed entries are never dropped)
   */
  public void truncateAfter(long index) throws IOException {
    writer().truncateAfter(index);
  }

  /**
   * Compacts the log to {@code snapshot}, durably: {@code snapshot.index() + 1} becomes the first
   * index, now and after a reopen by {@link #open(WalOptions)}. It writes the snapshot record (with
   * a hard state raising the commit index to the snapshot's if it was below), syncs, then releases
   * and deletes the segments that hold nothing after the snapshot. A snapshot beyond the last entry
   * leaves the log empty, its next entry {@code snapshot.index() + 1}; one at or below the first
   * index changes nothing. Opening later at an older snapshot ({@link #open(WalOptions, Snapshot)})
   * reads from the oldest segment still there, if one starts at or before it; the entries up to
   * this snapshot may be gone, and a purged start gives {@link WalNotFoundException}.
   *
   * @throws IllegalArgumentException if the log holds the snapshot's entry with another term
   */
  public void compact(Snapshot snapshot) throws IOException {
    writer().compact(snapshot);
  }

  /**
   * Appends {@code entries} and then {@code hardState}, as etcd's {@code Save}. Nothing is written
   * when the hard state is empty and there are no entries; the hard state is written whenever it is
   * not empty. Returns once durable when raft requires it (etcd's {@code MustSync}): when there are
   * entries, or the term or vote changed. Cuts to a new segment when the tail has reached the
   * segment size.
   *
   * @param hardState the state to save, or {@link HardState#EMPTY} for none
   * @throws WalClosedException if the log is closed or poisoned
   * @throws WalException if the save was refused whole: it may fill the tail and the storage could
   *     not prepare the next segment; nothing of it was written and the log goes on
   */
  public void save(HardState hardState, List<Entry> entries) throws IOException {
    writer().save(hardState, entries);
  }

  /**
   * Encodes a save now, in call order, and completes the returned future once it is as durable as
   * {@link #save} would have made it: so one thread can have many saves in flight and concurrent
   * savers share syncs. The future fails with the log's failure if a sync fails.
   */
  public CompletableFuture<Void> saveAsync(HardState hardState, List<Entry> entries) {
    try {
      return writer().saveAsync(hardState, entries);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Appends a snapshot marker and syncs. Records that a snapshot at this index exists, so that the
   * log can later be opened from it.
   */
  public void saveSnapshot(Snapshot snapshot) throws IOException {
    writer().saveSnapshot(snapshot);
  }

  /** Makes everything saved so far durable. */
  public void sync() throws IOException {
    writer().sync();
  }

  /**
   * Releases the locks on segments no longer needed once everything below {@code index} is in a
   * snapshot: every segment before the last one that starts below {@code index}, which may still
   * hold entries at or above it. Released segments may then be deleted by {@link #purge}. A no-op
   * in read mode.
   */
  public void releaseLockTo(long index) throws IOException {
    checkNotClosed();
    LogWriter current = writer;
    if (current != null) {
      current.releaseLockTo(index);
    }
  }

  /** The segments this log holds locked, oldest first (none in read mode or before the read). */
  public List<SegmentId> lockedSegments() {
    LogWriter current = writer;
    return current == null ? List.of() : current.held();
  }

  /**
   * Syncs what was saved (unless the log is poisoned) and releases every lock. Idempotent; a
   * read-only log just releases its resources.
   */
  /** The log's location and mode, for messages: {@code Wal[/var/lib/app/wal, writer]}. */
  @Override
  public String toString() {
    return "Wal[" + storage.location() + (readOnly ? ", read-only" : ", writer") + "]";
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      LogWriter current = writer;
      if (current != null) {
        current.close();
      }
    } finally {
      try {
        LogEntries read = entries;
        if (read != null) {
          read.close();
        }
      } finally {
        storage.close();
      }
    }
  }

  private LogEntries entriesByIndex() throws WalClosedException {
    checkNotClosed();
    LogEntries current = entries;
    if (current == null) {
      throw new IllegalStateException(
          "reads by index need the log read first: call readAll or replay, or open(options)");
    }
    return current;
  }

  private WalContents contentsRead() {
    WalContents current = contents;
    if (current == null) {
      throw new IllegalStateException("call readAll or replay first, or open(options)");
    }
    return current;
  }

  private LogWriter writer() throws WalClosedException {
    checkNotClosed();
    LogWriter current = writer;
    if (current == null) {
      throw new IllegalStateException(
          readOnly
              ? "the log was opened read-only"
              : "call readAll or replay before appending to an opened log");
    }
    return current;
  }

  private void checkNotClosed() throws WalClosedException {
    LogWriter current = writer;
    Throwable poison = current == null ? null : current.poison();
    if (poison != null) {
      throw WalClosedException.poisoned(poison);
    }
    if (closed) {
      throw WalClosedException.closed();
    }
  }

  /** Whether a log exists at the location: at least one segment. */
  public static boolean exists(WalOptions options) throws IOException {
    try (LogStorage storage = StorageProviders.open(options)) {
      return storage.exists();
    }
  }

  /**
   * The log's segments, in order, each with its size in bytes as its storage reports it (a segment
   * being written: its size when it was looked at; a file: preallocated zeros included). Works on
   * any backend, also while a writer appends; takes no lock and reads no record. A segment deleted
   * while the list is made (a purge) is left out.
   *
   * @return empty if there is no log at the location
   */
  public static SortedMap<SegmentId, Long> segmentSizes(WalOptions options) throws IOException {
    return Maintenance.segmentSizes(options);
  }

  /**
   * Checks the log from {@code snapshot} without keeping its entries, so memory stays bounded:
   * every frame, the CRC chain, the metadata, the replay rules and the snapshot. A torn tail is
   * tolerated, as etcd's {@code Verify} tolerates it. Takes no lock.
   *
   * @return the last hard state
   * @throws SnapshotNotFoundException if no snapshot record matches {@code snapshot}
   * @throws WalCorruptException if the log is damaged
   */
  public static HardState verify(WalOptions options, Snapshot snapshot) throws IOException {
    return Maintenance.verify(options, snapshot);
  }

  /**
   * The snapshot records in the whole log (from its first segment) whose index is at or below the
   * last hard state's commit index, in log order: the snapshots that are both durable and
   * committed, from which the log can be opened (etcd's {@code ValidSnapshotEntries}). A torn tail
   * is tolerated. Takes no lock.
   */
  public static List<Snapshot> validSnapshotEntries(WalOptions options) throws IOException {
    return Maintenance.validSnapshotEntries(options);
  }

  /**
   * Deletes the oldest segments while more than {@code keep} remain, stopping at the first one a
   * writer still holds (etcd's {@code PurgeFile} pass): a writer releases segments with {@link
   * #releaseLockTo} once a snapshot covers them, and only then can they go.
   *
   * @return the segments deleted, oldest first
   */
  public static List<SegmentId> purge(WalOptions options, int keep) throws IOException {
    return Maintenance.purge(options, keep);
  }

  /** Repairs a torn tail: {@code repair(options, RepairPolicy.TORN_TAIL_ONLY)}. */
  public static RepairResult repair(WalOptions options) throws IOException {
    return repair(options, RepairPolicy.TORN_TAIL_ONLY);
  }

  /**
   * Repairs the last segment, as etcd's {@code Repair}: reads it, and if a record in it is damaged
   * as the policy allows, keeps a full copy of the segment as a backup and cuts the segment at the
   * end of its last good record. Damage the policy does not allow is thrown, and nothing is
   * changed. Earlier segments are not examined: open the log afterwards to check them. Takes the
   * writer's lock.
   *
   * @throws WalCorruptException for damage the policy does not allow cutting
   * @throws WalLockedException if a writer has the log open
   */
  public static RepairResult repair(WalOptions options, RepairPolicy policy) throws IOException {
    return Maintenance.repair(options, policy);
  }

  private static void closeQuietly(Closeable closeable, Exception primary) {
    try {
      closeable.close();
    } catch (IOException | RuntimeException e) {
      primary.addSuppressed(e);
    }
  }
}
