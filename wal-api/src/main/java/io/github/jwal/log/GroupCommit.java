package io.github.jwal.log;

import io.github.jwal.WalClosedException;
import io.github.jwal.WalException;
import io.github.jwal.spi.SegmentWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Group commit: makes positions of the log durable with as few syncs as the callers allow, and
 * acknowledges saves made without waiting.
 *
 * <p>Callers encode under the log writer's lock, and one of them, the leader, hands what all have
 * encoded to the storage and syncs it with the lock released, so that the others keep encoding
 * meanwhile. Every caller whose bytes that sync covered returns without a sync of its own; a lone
 * caller pays exactly one write and one sync per save. Saves made without waiting are synced by a
 * thread of their own, the syncer, and acknowledged outside the lock, so that their callbacks may
 * call the log again.
 *
 * <p>Positions count the bytes encoded since the writer was made, across segments. Every method is
 * called with the writer's lock held; {@link #awaitDurable} lets go of it while a sync runs.
 */
final class GroupCommit {
  /** The log writer's side of a sync; called under the lock. */
  interface Writer {
    /** Hands what is encoded to the tail segment; returns the position after it. */
    long drain() throws IOException;

    /** The segment whose sync makes what was drained durable. */
    SegmentWriter tail();

    /** Throws if the log was poisoned. */
    void checkPoison() throws WalClosedException;

    /** Poisons the log with a failed write or sync; returns what to throw. */
    WalException poison(Throwable cause);

    /** Everything up to {@code position} is now durable. */
    void durableTo(long position);
  }

  private record Pending(long target, CompletableFuture<Void> future) {}

  private final ReentrantLock lock;
  private final Condition syncDone;
  private final Writer writer;
  private final TimedSync timedSync;
  private final String location;
  private final Deque<Pending> pending = new ArrayDeque<>();
  private final List<Pending> settled = new ArrayList<>();
  private long durable;
  private boolean syncing;
  private ExecutorService syncer;
  private boolean syncerScheduled;

  GroupCommit(ReentrantLock lock, Writer writer, TimedSync timedSync, String location) {
    this.lock = lock;
    this.syncDone = lock.newCondition();
    this.writer = writer;
    this.timedSync = timedSync;
    this.location = location;
  }

  /** Waits until {@code target} is durable, leading a sync when none is running. */
  void awaitDurable(long target) throws IOException {
    while (durable < target) {
      writer.checkPoison();
      if (syncing) {
        awaitSyncWhile(() -> syncing && durable < target);
        continue;
      }
      syncing = true;
      SegmentWriter tail = writer.tail();
      Throwable failure = null;
      long end = durable;
      try {
        end = writer.drain();
      } catch (IOException | RuntimeException e) {
        failure = e;
      }
      if (failure == null) {
        lock.unlock();
        try {
          timedSync.run(tail.id() == null ? "the next segment" : tail.id().fileName(), tail::sync);
        } catch (IOException | RuntimeException e) {
          failure = e;
        } finally {
          lock.lock();
        }
      }
      syncing = false;
      syncDone.signalAll();
      if (failure != null) {
        throw writer.poison(failure);
      }
      durable = Math.max(durable, end);
      writer.durableTo(durable);
      settleReached();
    }
  }

  /** A future completed once {@code target} is durable, which the syncer makes it. */
  CompletableFuture<Void> whenDurable(long target) {
    if (durable >= target) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> future = new CompletableFuture<>();
    pending.addLast(new Pending(target, future));
    scheduleSyncer();
    return future;
  }

  /** Waits until no sync runs: a cut must not seal the tail under a running sync. */
  void awaitIdle() throws IOException {
    awaitSyncWhile(() -> syncing);
  }

  /** Everything up to {@code position} is durable by other means: the sync of a cut. */
  void reached(long position) {
    durable = Math.max(durable, position);
    writer.durableTo(durable);
    settleReached();
  }

  /** Fails every save not yet acknowledged. */
  void failPending(IOException cause) {
    for (Pending p : pending) {
      p.future().completeExceptionally(cause);
    }
    pending.clear();
  }

  /** Lets go of the lock, then acknowledges the saves made durable meanwhile. */
  void unlockAndSettle() {
    List<Pending> done = settled.isEmpty() ? List.of() : new ArrayList<>(settled);
    settled.clear();
    lock.unlock();
    for (Pending p : done) {
      p.future().complete(null);
    }
  }

  /** Stops the syncer after the task it runs, if any. */
  void shutdown() {
    if (syncer != null) {
      syncer.shutdown();
    }
  }

  /** Waits, without the lock, for the syncer to stop. */
  void awaitShutdown() {
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

  /** Waits for the running sync's end while {@code condition} holds; the lock is held. */
  private void awaitSyncWhile(BooleanSupplier condition) throws IOException {
    try {
      while (condition.getAsBoolean()) {
        syncDone.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a sync of " + location);
    }
  }

  private void scheduleSyncer() {
    if (syncerScheduled) {
      return;
    }
    if (syncer == null) {
      syncer =
          Executors.newSingleThreadExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "jwal-sync " + location);
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
      while (!pending.isEmpty()) {
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
}
