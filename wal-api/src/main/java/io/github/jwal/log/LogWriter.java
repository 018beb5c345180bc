package io.github.jwal.log;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import io.github.jwal.WalClosedException;
import io.github.jwal.WalException;
import io.github.jwal.WalOptions;
import io.github.jwal.codec.RecordEncoder;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The append side of a log open for writing, with etcd's save semantics: saves encoded whole, in
 * call order; a save synced when raft requires it (etcd's {@code MustSync}); a cut where etcd would
 * cut, carrying the hard state into the new segment's head. Syncs are shared by {@link GroupCommit};
 * the durable half of a cut is {@link SegmentCut}'s.
 *
 * <p>Thread-safe: every call runs under one lock, which a sync lets go of. A failed write or sync
 * poisons the writer: every later call throws {@link WalClosedException#poisoned}.
 */
public final class LogWriter {
  /** Encoded bytes are handed to the storage once this many are buffered in one save. */
  private static final int DRAIN_BYTES = 1 << 20;

  private final ReentrantLock lock = new ReentrantLock();
  private final LogStorage storage;
  private final WalOptions options;
  /** The segments held locked, oldest first; the last is the tail. */
  private final List<SegmentId> held;
  private final byte[] metadata;
  private final GroupCommit groupCommit;
  private final SegmentCut cut;

  private SegmentWriter tail;
  /** The next segment, taken from the storage before a save that may fill the tail; or null. */
  private SegmentWriter reserved;
  private final RecordEncoder encoder;
  private HardState state;
  /** The last entry index saved or read, or a larger snapshot index saved: names the next segment. */
  private long enti;
  /** Bytes handed to the storage since this writer was made. */
  private long drained;
  private boolean closed;
  private Throwable poison;

  private LogWriter(LogStorage storage, WalOptions options, List<SegmentId> held,
      SegmentWriter tail, RecordEncoder encoder, byte[] metadata, HardState state, long enti) {
    this.storage = storage;
    this.options = options;
    this.held = new ArrayList<>(held);
    this.tail = tail;
    this.encoder = encoder;
    this.metadata = metadata;
    this.state = state;
    this.enti = enti;
    TimedSync timedSync = new TimedSync(options, storage.location());
    this.groupCommit = new GroupCommit(lock, new Syncing(), timedSync, storage.location());
    this.cut = new SegmentCut(storage.location(), timedSync);
  }

  /**
   * Creates the log's first segment, with its head synced and published, and returns its writer.
   * The storage must hold no log; it becomes the new log's writer.
   */
  public static LogWriter create(LogStorage storage, WalOptions options, byte[] metadata)
      throws IOException {
    SegmentWriter first = storage.create();
    RecordEncoder encoder = new RecordEncoder(0, 0);
    SegmentHead.encodeFirst(encoder, metadata);
    first.write(encoder.buffer(), 0, encoder.size());
    encoder.clear();
    new TimedSync(options, storage.location()).run(SegmentId.FIRST.fileName(), first::sync);
    encoder.markSynced();
    first.publish(SegmentId.FIRST);
    return new LogWriter(storage, options, List.of(SegmentId.FIRST), first, encoder, metadata,
        HardState.EMPTY, 0);
  }

  /**
   * The writer of a log whose {@code segments} (held, the last one the tail) {@code replay} has just
   * read whole: it appends after the last record, continuing the CRC chain.
   */
  public static LogWriter resume(LogStorage storage, WalOptions options, List<SegmentId> segments,
      LogReplay replay) throws IOException {
    SegmentWriter tail = storage.openTail(segments.get(segments.size() - 1), replay.tailOffset());
    // etcd leaves its state empty here, so a cut before the next save loses the hard state
    // (docs/etcd-differences.md).
    return new LogWriter(storage, options, segments, tail,
        new RecordEncoder(replay.runningCrc(), replay.tailOffset()), replay.metadata(),
        replay.hardState(), replay.lastEntryRecordIndex());
  }

  /** etcd's {@code Save}; returns once durable if raft requires it. */
  public void save(HardState hardState, List<Entry> entries) throws IOException {
    lock.lock();
    try {
      long target = encodeSave(hardState, entries);
      if (target >= 0) {
        groupCommit.awaitDurable(target);
      }
    } finally {
      groupCommit.unlockAndSettle();
    }
  }

  /** A save encoded now, acknowledged by the returned future once as durable as {@link #save}. */
  public CompletableFuture<Void> saveAsync(HardState hardState, List<Entry> entries) {
    lock.lock();
    try {
      long target = encodeSave(hardState, entries);
      return target < 0 ? CompletableFuture.completedFuture(null) : groupCommit.whenDurable(target);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    } finally {
      groupCommit.unlockAndSettle();
    }
  }

  /** etcd's {@code SaveSnapshot}: a snapshot record, synced. */
  public void saveSnapshot(Snapshot snapshot) throws IOException {
    lock.lock();
    try {
      checkUsable();
      try {
        encoder.appendSnapshot(snapshot);
      } catch (RuntimeException e) {
        throw poison(e);
      }
      if (Long.compareUnsigned(enti, snapshot.index()) < 0) {
        enti = snapshot.index();
      }
      encoder.markSynced();
      groupCommit.awaitDurable(encoded());
    } finally {
      groupCommit.unlockAndSettle();
    }
  }

  /** Makes everything saved so far durable. */
  public void sync() throws IOException {
    lock.lock();
    try {
      checkUsable();
      encoder.markSynced();
      groupCommit.awaitDurable(encoded());
    } finally {
      groupCommit.unlockAndSettle();
    }
  }

  /** etcd's {@code ReleaseLockTo}: see {@code Wal.releaseLockTo}. */
  public void releaseLockTo(long index) throws IOException {
    lock.lock();
    try {
      checkUsable();
      int smaller = held.size() - 1;
      for (int i = 0; i < held.size(); i++) {
        if (Long.compareUnsigned(held.get(i).firstIndex(), index) >= 0) {
          smaller = i - 1;
          break;
        }
      }
      if (smaller <= 0) {
        return;
      }
      for (SegmentId id : held.subList(0, smaller)) {
        storage.release(id);
      }
      held.subList(0, smaller).clear();
    } finally {
      groupCommit.unlockAndSettle();
    }
  }

  /** The segments held, oldest first. */
  public List<SegmentId> held() {
    lock.lock();
    try {
      return List.copyOf(held);
    } finally {
      lock.unlock();
    }
  }

  /** The failure that poisoned the log, or {@code null}. */
  public Throwable poison() {
    lock.lock();
    try {
      return poison;
    } finally {
      lock.unlock();
    }
  }

  /** Syncs what was saved unless poisoned, and stops the threads. The storage is the caller's. */
  public void close() throws IOException {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (poison == null) {
          encoder.markSynced();
          groupCommit.awaitDurable(encoded());
        }
      } finally {
        groupCommit.failPending(WalClosedException.closed());
        groupCommit.shutdown();
        cut.shutdown();
      }
    } finally {
      groupCommit.unlockAndSettle();
    }
    groupCommit.awaitShutdown();
  }

  /**
   * Encodes a save (etcd's {@code Save}) and cuts if the tail is full. Returns the position that must
   * be durable before the save is acknowledged, or -1 if nothing needs a sync.
   */
  private long encodeSave(HardState hardState, List<Entry> entries) throws IOException {
    checkUsable();
    if (hardState.isEmpty() && entries.isEmpty()) {
      return -1;
    }
    reserveNextSegmentIfThisSaveMayFillTheTail(entries);
    boolean mustSync = !entries.isEmpty()
        || hardState.vote() != state.vote()
        || hardState.term() != state.term();
    try {
      for (Entry entry : entries) {
        encoder.appendEntry(entry);
        enti = entry.index();
        if (encoder.size() >= DRAIN_BYTES) {
          drain();
        }
      }
      if (!hardState.isEmpty()) {
        state = hardState;
        encoder.appendState(hardState);
      }
    } catch (RuntimeException e) {
      throw poison(e);
    }
    if (encoder.etcdOsOffset() >= options.segmentBytes()) {
      cut();
      return -1;
    }
    if (!mustSync) {
      return -1;
    }
    encoder.markSynced();
    return encoded();
  }

  /**
   * Takes the next segment from the storage before encoding a save that may fill the tail, so that
   * a storage that cannot prepare one (a full disk) fails the save before any of it is written,
   * instead of at the cut, after it was. Such a failure does not poison the log: nothing changed,
   * later saves that fit go on, and the next save that needs the segment asks again.
   */
  private void reserveNextSegmentIfThisSaveMayFillTheTail(List<Entry> entries) throws IOException {
    if (reserved != null) {
      return;
    }
    long end = tail.position() + encoder.size() + RecordEncoder.MAX_STATE_FRAME_BYTES;
    for (Entry entry : entries) {
      end += RecordEncoder.MAX_ENTRY_FRAME_OVERHEAD + entry.dataLength();
    }
    if (end < options.segmentBytes()) {
      return;
    }
    try {
      reserved = storage.allocate();
    } catch (WalClosedException e) {
      throw e;
    } catch (IOException e) {
      throw new WalException("this save may fill " + tailName() + " of " + storage.location()
          + ", and the next segment could not be prepared, so nothing of the save was written"
          + " (the log goes on): " + e.getMessage(), e);
    }
  }

  /**
   * Seals the tail and publishes the next segment with its head, as etcd's cut does; the sync of
   * the seal is the one that makes the save that filled the tail durable.
   */
  private void cut() throws IOException {
    groupCommit.awaitIdle();
    // The wait let go of the lock: the log may have been closed meanwhile, its storage with it.
    checkUsable();
    try {
      drain();
      SegmentWriter next = reserved;
      reserved = null;
      encoder.startSegment();
      SegmentHead.encodeNext(encoder, metadata, state);
      next.write(encoder.buffer(), 0, encoder.size());
      drained += encoder.size();
      encoder.clear();
      SegmentId id = new SegmentId(held.get(held.size() - 1).seq() + 1, enti + 1);
      cut.sealAndPublish(tail, tailName(), next, id);
      encoder.markSynced();
      held.add(id);
      tail = next;
      groupCommit.reached(drained);
    } catch (IOException | RuntimeException e) {
      throw poison(e);
    }
  }

  private String tailName() {
    return held.get(held.size() - 1).fileName();
  }

  private long drain() throws IOException {
    if (encoder.size() > 0) {
      tail.write(encoder.buffer(), 0, encoder.size());
      drained += encoder.size();
      encoder.clear();
    }
    return drained;
  }

  private long encoded() {
    return drained + encoder.size();
  }

  private void checkUsable() throws WalClosedException {
    checkPoison();
    if (closed) {
      throw WalClosedException.closed();
    }
  }

  private void checkPoison() throws WalClosedException {
    if (poison != null) {
      throw WalClosedException.poisoned(poison);
    }
  }

  /**
   * Poisons the log with a failed write or sync. A storage that says it is closed was closed with
   * the log, which is not a failure: the call is refused as closed instead.
   */
  private WalException poison(Throwable cause) {
    if (cause instanceof WalClosedException closedStorage && !closedStorage.isPoisoned()) {
      groupCommit.failPending(closedStorage);
      return closedStorage;
    }
    if (poison == null) {
      poison = cause;
    }
    WalClosedException failure = WalClosedException.poisoned(poison);
    groupCommit.failPending(failure);
    return failure;
  }

  /** What group commit needs of this writer. */
  private final class Syncing implements GroupCommit.Writer {
    @Override
    public long drain() throws IOException {
      return LogWriter.this.drain();
    }

    @Override
    public SegmentWriter tail() {
      return tail;
    }

    @Override
    public void checkPoison() throws WalClosedException {
      LogWriter.this.checkPoison();
    }

    @Override
    public WalException poison(Throwable cause) {
      return LogWriter.this.poison(cause);
    }
  }
}
