package io.github.jwal;

import io.github.jwal.internal.RecordEncoder;
import io.github.jwal.internal.RecordType;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The append side of a log open for writing: encodes saves in call order, cuts segments where etcd
 * would, and syncs with group commit.
 *
 * <p>Group commit: callers encode under the lock, and one of them — the leader — writes what all
 * have encoded and syncs it with the lock released, so that others keep encoding meanwhile. Every
 * caller whose bytes that sync covered returns without a sync of its own. A lone caller pays exactly
 * one write and one sync per save.
 *
 * <p>Positions are counted in bytes encoded since the appender was made, across segments:
 * {@code drained} bytes were handed to the storage, {@code durable} bytes are known synced.
 */
final class Appender {
  private static final System.Logger LOG = System.getLogger(Wal.class.getName());
  /** Encoded bytes are handed to the storage once this many are buffered in one save. */
  private static final int DRAIN_BYTES = 1 << 20;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition syncDone = lock.newCondition();
  private final LogStorage storage;
  private final WalOptions options;
  /** The segments held locked, oldest first; the last is the tail. */
  private final List<SegmentId> held;
  private final byte[] metadata;
  private final Deque<Pending> pending = new ArrayDeque<>();
  private final List<Pending> settled = new ArrayList<>();

  private SegmentWriter tail;
  /** The next segment, taken from the storage before a save that may fill the tail; or null. */
  private SegmentWriter reserved;
  private RecordEncoder encoder;
  private HardState state;
  /** The last entry index saved or read, or a larger snapshot index saved: names the next segment. */
  private long enti;
  private long drained;
  private long durable;
  private boolean syncing;
  private boolean closed;
  private Throwable poison;
  private ExecutorService syncer;
  private boolean syncerScheduled;
  private ExecutorService headSyncer;

  private record Pending(long target, CompletableFuture<Void> future) {}

  Appender(LogStorage storage, WalOptions options, List<SegmentId> held, SegmentWriter tail,
      RecordEncoder encoder, byte[] metadata, HardState state, long enti) {
    this.storage = storage;
    this.options = options;
    this.held = new ArrayList<>(held);
    this.tail = tail;
    this.encoder = encoder;
    this.metadata = metadata;
    this.state = state;
    this.enti = enti;
  }

  void save(HardState hardState, List<Entry> entries) throws IOException {
    lock.lock();
    try {
      long target = encodeSave(hardState, entries);
      if (target >= 0) {
        awaitDurable(target);
      }
    } finally {
      unlockAndSettle();
    }
  }

  CompletableFuture<Void> saveAsync(HardState hardState, List<Entry> entries) {
    lock.lock();
    try {
      long target = encodeSave(hardState, entries);
      if (target < 0 || durable >= target) {
        return CompletableFuture.completedFuture(null);
      }
      CompletableFuture<Void> future = new CompletableFuture<>();
      pending.addLast(new Pending(target, future));
      scheduleSyncer();
      return future;
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    } finally {
      unlockAndSettle();
    }
  }

  void saveSnapshot(Snapshot snapshot) throws IOException {
    lock.lock();
    try {
      checkUsable();
      try {
        encoder.appendRecord(RecordType.SNAPSHOT, Payloads.encode(snapshot));
      } catch (RuntimeException e) {
        throw poison(e);
      }
      if (Long.compareUnsigned(enti, snapshot.index()) < 0) {
        enti = snapshot.index();
      }
      encoder.markSynced();
      awaitDurable(encoded());
    } finally {
      unlockAndSettle();
    }
  }

  void sync() throws IOException {
    lock.lock();
    try {
      checkUsable();
      encoder.markSynced();
      awaitDurable(encoded());
    } finally {
      unlockAndSettle();
    }
  }

  void releaseLockTo(long index) throws IOException {
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
      unlockAndSettle();
    }
  }

  List<SegmentId> held() {
    lock.lock();
    try {
      return List.copyOf(held);
    } finally {
      lock.unlock();
    }
  }

  /** The failure that poisoned the log, or {@code null}. */
  Throwable poison() {
    lock.lock();
    try {
      return poison;
    } finally {
      lock.unlock();
    }
  }

  /** Syncs what was saved unless poisoned, and stops the syncer. The storage is the caller's. */
  void close() throws IOException {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (poison == null) {
          encoder.markSynced();
          awaitDurable(encoded());
        }
      } finally {
        failPending(WalClosedException.closed());
        if (syncer != null) {
          syncer.shutdown();
        }
        if (headSyncer != null) {
          headSyncer.shutdown();
        }
      }
    } finally {
      unlockAndSettle();
    }
    awaitSyncerExit();
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
        encoder.appendEntry(entry.type().number(), entry.term(), entry.index(),
            entry.dataArray(), entry.dataOffset(), entry.dataLength());
        enti = entry.index();
        if (encoder.size() >= DRAIN_BYTES) {
          drain();
        }
      }
      if (!hardState.isEmpty()) {
        state = hardState;
        encoder.appendState(hardState.term(), hardState.vote(), hardState.commit());
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
      throw new WalException("this save may fill " + describe(tail) + " of " + storage.location()
          + ", and the next segment could not be prepared, so nothing of the save was written"
          + " (the log goes on): " + e.getMessage(), e);
    }
  }

  /** Waits until {@code target} is durable, leading a sync when none is running. */
  private void awaitDurable(long target) throws IOException {
    while (durable < target) {
      checkPoison();
      if (syncing) {
        awaitSyncDone();
        continue;
      }
      syncing = true;
      SegmentWriter writer = tail;
      Throwable failure = null;
      long end;
      try {
        drain();
      } catch (IOException | RuntimeException e) {
        failure = e;
      }
      end = drained;
      if (failure == null) {
        lock.unlock();
        try {
          timedSync(writer);
        } catch (IOException | RuntimeException e) {
          failure = e;
        } finally {
          lock.lock();
        }
      }
      syncing = false;
      syncDone.signalAll();
      if (failure != null) {
        throw poison(failure);
      }
      durable = Math.max(durable, end);
      settleReached();
    }
  }

  /**
   * Seals the tail and publishes the next segment with its head, as etcd's cut does: the old tail
   * truncated and synced (the sync that makes this save durable), the head (CRC record, metadata,
   * state) written and synced, then the rename and the directory sync. Unlike etcd, the two syncs run
   * at once: the head is known once this save is encoded, and the new segment stays a staged file
   * that no reader takes for a segment until it is published, so nothing orders its sync after the
   * tail's. The cut waits for both, and publishes only then: a published segment never follows an
   * unsynced tail, and its head is synced before its name is.
   */
  private void cut() throws IOException {
    while (syncing) {
      awaitSyncDone();
    }
    // The wait let go of the lock: the log may have been closed meanwhile, its storage with it.
    checkUsable();
    try {
      drain();
      SegmentWriter next = reserved;
      reserved = null;
      encoder.startSegment();
      encoder.appendCrcRecord();
      encoder.appendRecord(RecordType.METADATA, metadata);
      if (!state.isEmpty()) {
        encoder.appendState(state.term(), state.vote(), state.commit());
      }
      next.write(encoder.buffer(), 0, encoder.size());
      drained += encoder.size();
      encoder.clear();
      Future<?> headSync = headSyncer().submit(() -> {
        timedSync(next);
        return null;
      });
      Throwable failure = null;
      try {
        // Sealing syncs the old tail: the sync that makes this save durable.
        timedSync(options, storage, held.get(held.size() - 1).fileName(), tail::seal);
      } catch (IOException | RuntimeException e) {
        failure = e;
      }
      failure = addTo(failure, awaitUninterruptibly(headSync));
      if (failure != null) {
        throw rethrow(failure);
      }
      encoder.markSynced();
      SegmentId id = new SegmentId(held.get(held.size() - 1).seq() + 1, enti + 1);
      next.publish(id);
      held.add(id);
      tail = next;
      durable = drained;
      settleReached();
    } catch (IOException | RuntimeException e) {
      throw poison(e);
    }
  }

  /** The thread that syncs a new head during cuts, made at the first cut. */
  private ExecutorService headSyncer() {
    if (headSyncer == null) {
      headSyncer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "jwal-cut " + storage.location());
        thread.setDaemon(true);
        return thread;
      });
    }
    return headSyncer;
  }

  /**
   * Waits for a task of the cut, through interrupts too: the cut cannot be left half done. The
   * thread's interrupt status is restored. Returns the task's failure, or null.
   */
  private static Throwable awaitUninterruptibly(Future<?> task) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          task.get();
          return null;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          return e.getCause();
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A failure of the cut's syncs, thrown as it was thrown, or returned to be thrown if checked. */
  private static IOException rethrow(Throwable failure) {
    if (failure instanceof IOException io) {
      return io;
    }
    if (failure instanceof RuntimeException unchecked) {
      throw unchecked;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new IOException(failure);
  }

  private static Throwable addTo(Throwable first, Throwable next) {
    if (first == null) {
      return next;
    }
    if (next != null) {
      first.addSuppressed(next);
    }
    return first;
  }

  private void drain() throws IOException {
    if (encoder.size() > 0) {
      tail.write(encoder.buffer(), 0, encoder.size());
      drained += encoder.size();
      encoder.clear();
    }
  }

  private long encoded() {
    return drained + encoder.size();
  }

  private void timedSync(SegmentWriter writer) throws IOException {
    timedSync(options, storage, describe(writer), writer::sync);
  }

  private static String describe(SegmentWriter writer) {
    return writer.id() == null ? "the next segment" : writer.id().fileName();
  }

  /** A sync, or a seal, which syncs. */
  interface SyncAction {
    void run() throws IOException;
  }

  /**
   * Runs a sync of {@code segment}, warns if it was slow and reports its latency, as etcd's sync()
   * does for every fdatasync: appends, cuts and the one that ends a create.
   */
  static void timedSync(WalOptions options, LogStorage storage, String segment, SyncAction sync)
      throws IOException {
    long startNanos = System.nanoTime();
    sync.run();
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    if (took.compareTo(options.slowSyncWarning()) > 0) {
      LOG.log(Level.WARNING, "slow sync of {0} in {1}: took {2}, expected less than {3}",
          segment, storage.location(), took, options.slowSyncWarning());
    }
    SyncListener listener = options.syncListener();
    if (listener != null) {
      listener.synced(segment, took);
    }
  }

  private void awaitSyncDone() throws IOException {
    try {
      syncDone.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a sync of " + storage.location());
    }
  }

  private void scheduleSyncer() {
    if (syncerScheduled) {
      return;
    }
    if (syncer == null) {
      syncer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "jwal-sync " + storage.location());
        thread.setDaemon(true);
        return thread;
      });
    }
    syncerScheduled = true;
    syncer.execute(this::syncPending);
  }

  /** The syncer's task: syncs until every pending save is durable or the log fails. */
  private void syncPending() {
    lock.lock();
    try {
      while (!pending.isEmpty() && poison == null) {
        awaitDurable(pending.peekLast().target());
        completeSettled();
      }
    } catch (IOException e) {
      failPending(e);
    } finally {
      syncerScheduled = false;
      unlockAndSettle();
    }
  }

  private void settleReached() {
    while (!pending.isEmpty() && pending.peekFirst().target() <= durable) {
      settled.add(pending.pollFirst());
    }
  }

  private void failPending(IOException cause) {
    for (Pending p : pending) {
      p.future().completeExceptionally(cause);
    }
    pending.clear();
  }

  /**
   * Acknowledges the saves the last sync made durable right away, with the lock released, so that
   * their writers can queue their next saves behind the sync the syncer starts next.
   */
  private void completeSettled() {
    if (settled.isEmpty()) {
      return;
    }
    List<Pending> done = new ArrayList<>(settled);
    settled.clear();
    lock.unlock();
    try {
      for (Pending p : done) {
        p.future().complete(null);
      }
    } finally {
      lock.lock();
    }
  }

  /** Completes futures outside the lock, so that their callbacks may call back into the log. */
  private void unlockAndSettle() {
    List<Pending> done = settled.isEmpty() ? List.of() : new ArrayList<>(settled);
    settled.clear();
    lock.unlock();
    for (Pending p : done) {
      p.future().complete(null);
    }
  }

  private void awaitSyncerExit() {
    ExecutorService executor = syncer;
    if (executor == null) {
      return;
    }
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
      failPending(closedStorage);
      return closedStorage;
    }
    if (poison == null) {
      poison = cause;
    }
    WalClosedException failure = WalClosedException.poisoned(poison);
    failPending(failure);
    return failure;
  }
}
