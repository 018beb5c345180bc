package io.github.jwal.log;

import io.github.jwal.Entry;
import io.github.jwal.EntryType;
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
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The append side of a log open for writing, with etcd's save semantics: saves encoded whole, in
 * call order; a save synced when raft requires it (etcd's {@code MustSync}); a cut where etcd would
 * cut, carrying the hard state into the new segment's head. Syncs are shared by {@link
 * GroupCommit}; the durable half of a cut is {@link SegmentCut}'s.
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
  private final LogEntries entries;

  /** Index changes not yet durable, with the position that makes each durable. */
  private final Deque<PendingChange> pendingIndex = new ArrayDeque<>();

  private SegmentWriter tail;

  /** The next segment, taken from the storage before a save that may fill the tail; or null. */
  private SegmentWriter reserved;

  private final RecordEncoder encoder;
  private HardState state;

  /**
   * The last entry index saved or read, or a larger snapshot index saved: names the next segment.
   */
  private long enti;

  /** The index the next entry must not exceed: the last entry saved, plus one. */
  private long nextIndex;

  /** The term of the last entry saved: a log-assigned append may not go below it. */
  private long lastTerm;

  /** Bytes handed to the storage since this writer was made. */
  private long drained;

  /** The tail's offset of the first byte the encoder holds. */
  private long tailBase;

  private boolean closed;
  private Throwable poison;

  private record PendingChange(long durableAt, IndexChange change) {}

  private LogWriter(
      LogStorage storage,
      WalOptions options,
      List<SegmentId> held,
      SegmentWriter tail,
      RecordEncoder encoder,
      byte[] metadata,
      HardState state,
      long enti,
      LogEntries entries) {
    this.storage = storage;
    this.options = options;
    this.held = new ArrayList<>(held);
    this.tail = tail;
    this.tailBase = tail.position();
    this.encoder = encoder;
    this.metadata = metadata;
    this.state = state;
    this.enti = enti;
    this.entries = entries;
    this.nextIndex = entries.lastIndex() + 1;
    this.lastTerm = entries.lastTerm();
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
    return new LogWriter(
        storage,
        options,
        List.of(SegmentId.FIRST),
        first,
        encoder,
        metadata,
        HardState.EMPTY,
        0,
        new LogEntries(storage, new EntryIndex(0, 0)));
  }

  /**
   * The writer of a log whose {@code segments} (held, the last one the tail) {@code replay} has
   * just read whole, indexing them: it appends after the last record, continuing the CRC chain.
   */
  public static LogWriter resume(
      LogStorage storage,
      WalOptions options,
      List<SegmentId> segments,
      LogReplay replay,
      LogEntries entries)
      throws IOException {
    SegmentWriter tail = storage.openTail(segments.get(segments.size() - 1), replay.tailOffset());
    // etcd leaves its state empty here, so a cut before the next save loses the hard state
    // (docs/etcd-differences.md).
    return new LogWriter(
        storage,
        options,
        segments,
        tail,
        new RecordEncoder(replay.runningCrc(), replay.tailOffset()),
        replay.metadata(),
        replay.hardState(),
        replay.lastEntryRecordIndex(),
        entries);
  }

  /** The entries, read by index; current with every save once it is durable. */
  public LogEntries entries() {
    return entries;
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

  /**
   * Appends entries of {@code term} with {@code payloads} at the next indexes, which it assigns,
   * and returns the first; returns once durable. Concurrent callers share syncs: the caller waits
   * on {@link #appendAsync}'s future rather than leading a sync itself, so that many appenders are
   * woken one by one as their syncs complete, not all at once on the writer's lock.
   */
  public long append(long term, List<byte[]> payloads) throws IOException {
    CompletableFuture<Long> appended = appendAsync(term, payloads);
    try {
      return appended.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(
          "interrupted while an append to "
              + storage.location()
              + " was made durable; it may still become durable");
    } catch (ExecutionException e) {
      throw rethrown(e.getCause());
    }
  }

  private static IOException rethrown(Throwable failure) {
    if (failure instanceof IOException io) {
      return io;
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new IOException(failure);
  }

  /** {@link #append} acknowledged by the returned future, which holds the first index given. */
  public CompletableFuture<Long> appendAsync(long term, List<byte[]> payloads) {
    lock.lock();
    try {
      long first = encodeAppend(term, payloads);
      return groupCommit.whenDurable(encoded()).thenApply(done -> first);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    } finally {
      groupCommit.unlockAndSettle();
    }
  }

  /**
   * Drops every entry after {@code index}, durably: after it returns no reader sees them, and a
   * reopen or a crash does not bring them back. Written as raft's overwrite, which etcd's reader
   * honours too: the last entry kept is written again (read back and checked first), and the replay
   * drops what followed it. The bytes of the dropped entries stay in their segments until a
   * compaction purges them; cutting them out in place could not be done crash-safely, as a crash
   * between deleting later segments and rewriting the hard state would lose the hard state.
   *
   * @throws IllegalArgumentException if entries up to {@code index} were compacted, or if {@code
   *     index} is below the hard state's commit index
   */
  public void truncateAfter(long index) throws IOException {
    lock.lock();
    try {
      checkUsable();
      encoder.markSynced();
      groupCommit.awaitDurable(encoded());
      long first = entries.firstIndex();
      if (Long.compareUnsigned(index, entries.lastIndex()) >= 0) {
        return;
      }
      if (index < first - 1) {
        throw new IllegalArgumentException(
            "entries up to "
                + Long.toUnsignedString(index)
                + " were compacted: the log starts at "
                + Long.toUnsignedString(first));
      }
      if (Long.compareUnsigned(index, state.commit()) < 0) {
        throw new IllegalArgumentException(
            "entries up to the commit index "
                + Long.toUnsignedString(state.commit())
                + " are committed; cannot truncate after "
                + Long.toUnsignedString(index));
      }
      // At the snapshot itself there is no entry to write again: an entry record at its index,
      // of its term and with no data, drops what follows as well (docs/etcd-differences.md).
      Entry kept =
          index >= first ? entries.entry(index) : Entry.of(entries.term(index), index, null);
      reserveNextSegmentIfThisSaveMayFillTheTail(1, kept.dataLength());
      try {
        encodeEntry(kept.type().number(), kept.term(), kept.index(), kept.data());
      } catch (RuntimeException e) {
        throw poison(e);
      }
      if (finishEncoding(true)) {
        groupCommit.awaitDurable(encoded());
      }
    } finally {
      groupCommit.unlockAndSettle();
    }
  }

  /**
   * Makes {@code snapshot.index() + 1} the first index, durably: writes the snapshot record (and,
   * if the hard state's commit index is below the snapshot, a hard state that raises it, as only
   * committed entries are compacted), syncs, then drops the entries up to the snapshot and deletes
   * the segments that hold nothing after it. A snapshot beyond the last entry leaves the log empty,
   * its next entry {@code snapshot.index() + 1}. A snapshot at or below the first index already
   * compacted changes nothing.
   *
   * @throws IllegalArgumentException if the log holds entry {@code snapshot.index()} with another
   *     term
   */
  public void compact(Snapshot snapshot) throws IOException {
    lock.lock();
    try {
      checkUsable();
      encoder.markSynced();
      groupCommit.awaitDurable(encoded());
      long at = snapshot.index();
      if (at < entries.firstIndex()) {
        return;
      }
      if (at <= entries.lastIndex() && entries.term(at) != snapshot.term()) {
        throw new IllegalArgumentException(
            "entry "
                + Long.toUnsignedString(at)
                + " has term "
                + Long.toUnsignedString(entries.term(at))
                + ", not the snapshot's "
                + Long.toUnsignedString(snapshot.term()));
      }
      reserveNextSegmentIfThisSaveMayFillTheTail(0, 0);
      try {
        encoder.appendSnapshot(snapshot);
        if (Long.compareUnsigned(state.commit(), at) < 0) {
          state = new HardState(state.term(), state.vote(), at);
          encoder.appendState(state);
        }
      } catch (RuntimeException e) {
        throw poison(e);
      }
      enti = Math.max(enti, at);
      nextIndex = Math.max(nextIndex, at + 1);
      pendingIndex.addLast(
          new PendingChange(encoded(), new IndexChange.Compacted(at, snapshot.term())));
      if (finishEncoding(true)) {
        groupCommit.awaitDurable(encoded());
      }
      purgeWhollyBelow(at);
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
      release(index);
    } finally {
      groupCommit.unlockAndSettle();
    }
  }

  /** Releases the held segments below the last that starts at or before {@code index}. */
  private List<SegmentId> release(long index) throws IOException {
    int smaller = held.size() - 1;
    for (int i = 0; i < held.size(); i++) {
      if (Long.compareUnsigned(held.get(i).firstIndex(), index) >= 0) {
        smaller = i - 1;
        break;
      }
    }
    if (smaller <= 0) {
      return List.of();
    }
    List<SegmentId> released = List.copyOf(held.subList(0, smaller));
    for (SegmentId id : released) {
      storage.release(id);
    }
    held.subList(0, smaller).clear();
    return released;
  }

  /**
   * Deletes, oldest first, the segments a compaction to {@code index} released: a reopen at the
   * snapshot reads from the last segment that starts at or before it, as etcd's selection does.
   */
  private void purgeWhollyBelow(long index) throws IOException {
    for (SegmentId id : release(index)) {
      try {
        storage.delete(id);
      } catch (IOException e) {
        throw poison(e);
      }
    }
  }

  /** The last hard state saved or read. */
  public HardState hardState() {
    lock.lock();
    try {
      return state;
    } finally {
      lock.unlock();
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
   * Encodes a save (etcd's {@code Save}) and cuts if the tail is full. Returns the position that
   * must be durable before the save is acknowledged, or -1 if nothing needs a sync.
   */
  private long encodeSave(HardState hardState, List<Entry> entries) throws IOException {
    checkUsable();
    if (hardState.isEmpty() && entries.isEmpty()) {
      return -1;
    }
    checkContiguous(entries);
    long payloadBytes = 0;
    for (Entry entry : entries) {
      payloadBytes += entry.dataLength();
    }
    reserveNextSegmentIfThisSaveMayFillTheTail(entries.size(), payloadBytes);
    boolean mustSync =
        !entries.isEmpty() || hardState.vote() != state.vote() || hardState.term() != state.term();
    try {
      for (Entry entry : entries) {
        pendingIndex.addLast(new PendingChange(-1, added(entry.index(), entry.term())));
        encoder.appendEntry(entry);
        entryEncoded(entry.index(), entry.term());
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
    return finishEncoding(mustSync) ? encoded() : -1;
  }

  /** Encodes a log-assigned append; returns the first index given. */
  private long encodeAppend(long term, List<byte[]> payloads) throws IOException {
    checkUsable();
    if (payloads.isEmpty()) {
      throw new IllegalArgumentException("nothing to append");
    }
    if (Long.compareUnsigned(term, lastTerm) < 0) {
      throw new IllegalArgumentException(
          "term "
              + Long.toUnsignedString(term)
              + " is below the last entry's term "
              + Long.toUnsignedString(lastTerm));
    }
    long payloadBytes = 0;
    for (byte[] payload : payloads) {
      payloadBytes += payload.length;
    }
    reserveNextSegmentIfThisSaveMayFillTheTail(payloads.size(), payloadBytes);
    long first = nextIndex;
    try {
      for (byte[] payload : payloads) {
        encodeEntry(EntryType.NORMAL.number(), term, nextIndex, payload);
        if (encoder.size() >= DRAIN_BYTES) {
          drain();
        }
      }
    } catch (RuntimeException e) {
      throw poison(e);
    }
    finishEncoding(true);
    return first;
  }

  /** Encodes one entry record and notes its index change. */
  private void encodeEntry(int type, long term, long index, byte[] data) {
    pendingIndex.addLast(new PendingChange(-1, added(index, term)));
    encoder.appendEntry(type, term, index, data);
    entryEncoded(index, term);
  }

  /** The index change of the entry about to be encoded, at the tail's next frame. */
  private IndexChange added(long index, long term) {
    return new IndexChange.Added(
        index, term, held.get(held.size() - 1), tailBase + encoder.size(), encoder.crc());
  }

  /** After an entry record: fixes its change's durable position and moves the log's end. */
  private void entryEncoded(long index, long term) {
    PendingChange change = pendingIndex.pollLast();
    pendingIndex.addLast(new PendingChange(encoded(), change.change()));
    enti = index;
    nextIndex = index + 1;
    lastTerm = term;
  }

  /**
   * Ends encoding a save: cuts if the tail is full (the cut's sync makes the save durable), else
   * marks the sync the save needs. Returns whether the caller must wait for that sync.
   */
  private boolean finishEncoding(boolean mustSync) throws IOException {
    if (tailIsFull() && cut()) {
      return false;
    }
    if (mustSync) {
      encoder.markSynced();
    }
    return mustSync;
  }

  /**
   * Refuses a save whose entries would leave a gap in the log, which no reader could read past. An
   * entry may start at the next index or at any lower one, which it overwrites from.
   */
  private void checkContiguous(List<Entry> saved) {
    long next = nextIndex;
    for (Entry entry : saved) {
      if (Long.compareUnsigned(entry.index(), next) > 0) {
        throw new IllegalArgumentException(
            "entry "
                + Long.toUnsignedString(entry.index())
                + " would leave a gap: the next index is "
                + Long.toUnsignedString(next));
      }
      next = entry.index() + 1;
    }
  }

  /**
   * Takes the next segment from the storage before encoding a save that may fill the tail, so that
   * a storage that cannot prepare one (a full disk) fails the save before any of it is written,
   * instead of at the cut, after it was. Such a failure does not poison the log: nothing changed,
   * later saves that fit go on, and the next save that needs the segment asks again.
   */
  private void reserveNextSegmentIfThisSaveMayFillTheTail(int entryCount, long payloadBytes)
      throws IOException {
    if (reserved != null) {
      return;
    }
    long end =
        tail.position()
            + encoder.size()
            + 2L * RecordEncoder.MAX_STATE_FRAME_BYTES
            + (long) entryCount * RecordEncoder.MAX_ENTRY_FRAME_OVERHEAD
            + payloadBytes;
    if (end < options.segmentBytes()) {
      return;
    }
    try {
      reserved = storage.allocate();
    } catch (WalClosedException e) {
      throw e;
    } catch (IOException e) {
      throw new WalException(
          "this save may fill "
              + tailName()
              + " of "
              + storage.location()
              + ", and the next segment could not be prepared, so nothing of the save was written"
              + " (the log goes on): "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Seals the tail and publishes the next segment with its head, as etcd's cut does; the sync of
   * the seal is the one that makes the save that filled the tail durable. Returns false, having cut
   * nothing, if another caller's cut took the tail's records while this one waited.
   */
  private boolean cut() throws IOException {
    groupCommit.awaitIdle();
    // The wait let go of the lock: the log may have been closed meanwhile, its storage with it,
    // or another caller's cut may have taken this one's records into the tail it sealed.
    checkUsable();
    if (!tailIsFull()) {
      return false;
    }
    try {
      drain();
      SegmentWriter next = reserved;
      reserved = null;
      encoder.startSegment();
      SegmentHead.encodeNext(encoder, metadata, state);
      next.write(encoder.buffer(), 0, encoder.size());
      drained += encoder.size();
      long headBytes = encoder.size();
      encoder.clear();
      SegmentId id = new SegmentId(held.get(held.size() - 1).seq() + 1, enti + 1);
      cut.sealAndPublish(tail, tailName(), next, id);
      encoder.markSynced();
      held.add(id);
      tail = next;
      tailBase = headBytes;
      groupCommit.reached(drained);
      return true;
    } catch (IOException | RuntimeException e) {
      throw poison(e);
    }
  }

  private boolean tailIsFull() {
    return encoder.etcdOsOffset() >= options.segmentBytes();
  }

  private String tailName() {
    return held.get(held.size() - 1).fileName();
  }

  private long drain() throws IOException {
    if (encoder.size() > 0) {
      tail.write(encoder.buffer(), 0, encoder.size());
      drained += encoder.size();
      tailBase += encoder.size();
      encoder.clear();
    }
    return drained;
  }

  /** Shows readers the entries whose records are durable up to {@code position}. */
  private void durableTo(long position) {
    if (pendingIndex.isEmpty() || pendingIndex.peekFirst().durableAt() > position) {
      return;
    }
    List<IndexChange> changes = new ArrayList<>();
    while (!pendingIndex.isEmpty() && pendingIndex.peekFirst().durableAt() <= position) {
      changes.add(pendingIndex.pollFirst().change());
    }
    entries.update(changes);
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

    @Override
    public void durableTo(long position) {
      LogWriter.this.durableTo(position);
    }
  }
}
