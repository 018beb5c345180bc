package io.github.jwal;

import io.github.jwal.codec.EntryData;
import io.github.jwal.log.LogReplay;
import io.github.jwal.log.LogWriter;
import io.github.jwal.log.Maintenance;
import io.github.jwal.log.SegmentSelection;
import io.github.jwal.log.StorageProviders;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentWriter;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A write-ahead log in etcd's on-disk format: raft entries, hard states and snapshot markers in
 * CRC-chained, 8-byte aligned frames, in segments that etcd 3.4–3.6 reads and writes.
 *
 * <h2>Life cycle</h2>
 * <ul>
 *   <li>{@link #create} makes a new log and returns it ready to append.
 *   <li>{@link #open} opens an existing log for writing at a snapshot; call {@link #readAll} (or
 *       {@link #replay}) once before appending.
 *   <li>{@link #openForRead} opens it read-only, without a lock, even while a writer appends.
 *   <li>{@link #close} syncs and releases everything.
 * </ul>
 *
 * <h2>Durability</h2>
 * When {@link #save} (with entries, or a changed term or vote), {@link #saveSnapshot} or {@link #sync}
 * returns, what was saved survives a crash. A save that only advances the commit index is not synced,
 * as in etcd and raft: it becomes durable with the next sync. A damaged log is never silently
 * truncated in the middle: reading it throws {@link WalCorruptException} naming the segment and offset,
 * and only a {@link TornTailException} is repaired by {@link #repair(WalOptions)}.
 *
 * <h2>Threads</h2>
 * Any thread may call any method. Saves are serialized: each is encoded whole, in call order, never
 * interleaved with another. Concurrent savers share syncs (group commit): while one sync runs, the
 * next saves are encoded, and one sync then covers them all. {@link #saveAsync} orders a save at the
 * call and acknowledges it when durable, so one thread can keep many saves in flight. Only one
 * {@code Wal} in any process may have a log open for writing; another gets {@link WalLockedException}.
 *
 * <h2>Failures</h2>
 * If a write or a sync fails, the log is poisoned: every later call throws {@link WalClosedException}
 * ({@link WalClosedException#isPoisoned()}), and nothing saved since the last successful sync is
 * acknowledged. Close it and open it again. A save that may fill the tail segment first takes the
 * next segment from the storage; if the storage cannot prepare one (a full disk), the save is
 * refused whole with a {@link WalException} that is not a {@link WalClosedException}: nothing of it
 * was written, the log is not poisoned, and saves go on (the next one that needs the segment asks
 * again). Closing is not a failure: a call that loses a race with {@link #close} gets a
 * {@link WalClosedException} that is not poisoned.
 *
 * <p>Unsigned 64-bit numbers (terms, indexes) are held in {@code long}s throughout.
 */
public final class Wal implements Closeable {
  private final WalOptions options;
  private final LogStorage storage;
  private final Snapshot start;
  private final boolean readOnly;
  /** The segments to read, until they are read; {@code null} for a created log. */
  private List<SegmentId> selection;
  /** Set once the log can be appended to: at create, or after the read of a log opened to write. */
  private volatile LogWriter writer;
  private volatile boolean closed;

  private Wal(WalOptions options, LogStorage storage, Snapshot start, List<SegmentId> selection,
      boolean readOnly) {
    this.options = options;
    this.storage = storage;
    this.start = start;
    this.selection = selection;
    this.readOnly = readOnly;
  }

  /**
   * Creates a log at {@code options.location()} holding {@code metadata} (may be {@code null}, which is
   * stored differently from an empty array), and returns it ready to append. The log appears
   * atomically: after a crash it does not exist, or exists whole.
   *
   * @throws WalExistsException if a log already exists there
   */
  public static Wal create(WalOptions options, byte[] metadata) throws IOException {
    LogStorage storage = StorageProviders.open(options);
    try {
      if (storage.exists()) {
        throw new WalExistsException(storage.location());
      }
      Wal wal = new Wal(options, storage, Snapshot.ZERO, null, false);
      wal.writer = LogWriter.create(storage, options, metadata == null ? null : metadata.clone());
      return wal;
    } catch (IOException | RuntimeException e) {
      closeQuietly(storage, e);
      throw e;
    }
  }

  /**
   * Opens the log for writing from {@code snapshot} (use {@link Snapshot#ZERO} to read from the
   * start): becomes the log's one writer, then selects the segments that hold the snapshot and holds
   * them. Call {@link #readAll} or {@link #replay} before appending. A refused open changes nothing.
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

  private static Wal open(WalOptions options, Snapshot snapshot, boolean readOnly) throws IOException {
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
   * Reads the whole log from the snapshot it was opened at: the metadata, the last hard state and the
   * entries after the snapshot, with later entries replacing earlier ones at the same index (raft's
   * overwrites). Allowed once, on a log from {@link #open} or {@link #openForRead}.
   *
   * <p>The entries' payloads are packed into a few large shared arrays, which spares the garbage
   * collector millions of small ones; an entry kept alone keeps its array alive, so copy
   * ({@link Entry#data()}) what you keep long after the read, or use {@link #replay}.
   *
   * <p>In write mode, on success the log is ready to append after its last record. A torn tail is
   * thrown as {@link TornTailException}: {@link #close}, {@link #repair(WalOptions)} and open again.
   * In read mode a torn tail (perhaps a write in progress) ends the read and is reported in
   * {@link WalContents#tornTail()}.
   *
   * @throws SnapshotNotFoundException if no snapshot record matches the snapshot the log was opened at
   *     (etcd forgets this in write mode); it carries what was read, and in write mode the log is
   *     ready to append all the same
   * @throws SnapshotMismatchException if a snapshot record at that index has another term
   * @throws WalCorruptException if the log is damaged
   * @throws IllegalStateException if the log was created rather than opened, or was read already
   */
  public synchronized WalContents readAll() throws IOException {
    List<Entry> entries = new ArrayList<>();
    long base = start.index();
    ReplayHandler collect = new ReplayHandler() {
      @Override
      public void append(Entry entry) {
        entries.add(entry);
      }

      @Override
      public void truncateAfter(long index) {
        int keep = (int) (index - base);
        entries.subList(keep, entries.size()).clear();
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
   * largest entry. Same rules, errors and follow-up as {@link #readAll}; the returned contents have no
   * entries.
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
      throw new IllegalStateException("nothing to read: the log was read already, or was created"
          + " (readAll is for logs opened with open or openForRead)");
    }
    LogReplay replay = new LogReplay(storage, selection, start, handler, entryData);
    replay.run(readOnly);
    return replay;
  }

  private void finishReplay(LogReplay replay, WalContents contents) throws IOException {
    List<SegmentId> read = selection;
    selection = null;
    if (!readOnly) {
      writer = LogWriter.resume(storage, options, read, replay);
    }
    if (!replay.snapshotMatched()) {
      throw new SnapshotNotFoundException(start, contents);
    }
  }

  /**
   * Appends {@code entries} and then {@code hardState}, as etcd's {@code Save}. Nothing is written when
   * the hard state is empty and there are no entries; the hard state is written whenever it is not
   * empty. Returns once durable when raft requires it (etcd's {@code MustSync}): when there are
   * entries, or the term or vote changed. Cuts to a new segment when the tail has reached the segment
   * size.
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
   * Appends a snapshot marker and syncs. Records that a snapshot at this index exists, so that the log
   * can later be opened from it.
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
   * snapshot: every segment before the last one that starts below {@code index}, which may still hold
   * entries at or above it. Released segments may then be deleted by {@link #purge}. A no-op in read
   * mode.
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
   * Syncs what was saved (unless the log is poisoned) and releases every lock. Idempotent; a read-only
   * log just releases its resources.
   */
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
      storage.close();
    }
  }

  private LogWriter writer() throws WalClosedException {
    checkNotClosed();
    LogWriter current = writer;
    if (current == null) {
      throw new IllegalStateException(readOnly
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
   * Checks the log from {@code snapshot} without keeping its entries, so memory stays bounded: every
   * frame, the CRC chain, the metadata, the replay rules and the snapshot. A torn tail is tolerated,
   * as etcd's {@code Verify} tolerates it. Takes no lock.
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
   * last hard state's commit index, in log order: the snapshots that are both durable and committed,
   * from which the log can be opened (etcd's {@code ValidSnapshotEntries}). A torn tail is tolerated.
   * Takes no lock.
   */
  public static List<Snapshot> validSnapshotEntries(WalOptions options) throws IOException {
    return Maintenance.validSnapshotEntries(options);
  }

  /**
   * Deletes the oldest segments while more than {@code keep} remain, stopping at the first one a
   * writer still holds (etcd's {@code PurgeFile} pass): a writer releases segments with
   * {@link #releaseLockTo} once a snapshot covers them, and only then can they go.
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
   * Repairs the last segment, as etcd's {@code Repair}: reads it, and if a record in it is damaged as
   * the policy allows, keeps a full copy of the segment as a backup and cuts the segment at the end of
   * its last good record. Damage the policy does not allow is thrown, and nothing is changed. Earlier
   * segments are not examined: open the log afterwards to check them. Takes the writer's lock.
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
