package io.github.jwal;

import static io.github.jwal.TestLogs.entries;
import static io.github.jwal.TestLogs.freshOptions;
import static io.github.jwal.TestLogs.indexes;
import static io.github.jwal.TestLogs.readOnly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.faults.FaultPlan;
import io.github.jwal.memory.InMemoryStorageProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WalGroupCommitTest {
  private static final int SAVES = 500;

  @AfterEach
  void discardVolumes() {
    InMemoryStorageProvider.discardAll();
  }

  @Test
  void savesInFlightShareSyncs() throws Exception {
    AtomicInteger syncs = new AtomicInteger();
    WalOptions options =
        freshOptions()
            .withSyncListener(
                (segment, took) -> {
                  syncs.incrementAndGet();
                  pause(); // a sync that takes time, as a disk's does, lets the next saves queue
                  // behind it
                });
    try (Wal wal = Wal.create(options, null)) {
      List<CompletableFuture<Void>> acks = new ArrayList<>();
      for (long i = 1; i <= SAVES; i++) {
        acks.add(wal.saveAsync(new HardState(1, 1, i - 1), entries(1, i, i)));
      }
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
    }
    assertTrue(syncs.get() < SAVES / 2, syncs.get() + " syncs for " + SAVES + " saves");
  }

  @Test
  void aSaveIsAcknowledgedWithoutWaitingForSavesQueuedBehindIt() throws Exception {
    AtomicReference<Wal> log = new AtomicReference<>();
    AtomicReference<CompletableFuture<Void>> first = new AtomicReference<>();
    AtomicInteger syncs = new AtomicInteger();
    AtomicInteger firstSeenDoneAtSync = new AtomicInteger();
    List<CompletableFuture<Void>> queuedBehind = new ArrayList<>();
    WalOptions options =
        freshOptions()
            .withSyncListener(
                (segment, took) -> {
                  Wal wal = log.get();
                  if (wal == null) {
                    return; // the sync that creates the log
                  }
                  int n = syncs.incrementAndGet();
                  awaitSet(first);
                  if (first.get().isDone()) {
                    firstSeenDoneAtSync.compareAndSet(0, n);
                  }
                  if (n <= 20) { // every sync queues one more save, so the syncer always has work
                    queuedBehind.add(
                        wal.saveAsync(new HardState(1, 1, 0), entries(1, n + 1, n + 1)));
                  }
                });
    try (Wal wal = Wal.create(options, null)) {
      log.set(wal);
      first.set(wal.saveAsync(new HardState(1, 1, 0), entries(1, 1, 1)));
      first.get().get(30, TimeUnit.SECONDS);
      CompletableFuture.allOf(queuedBehind.toArray(CompletableFuture[]::new))
          .get(30, TimeUnit.SECONDS);
    }
    assertEquals(
        2,
        firstSeenDoneAtSync.get(),
        "the first save was acknowledged between the first and second sync, not after the queue drained");
  }

  private static void awaitSet(AtomicReference<?> reference) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (reference.get() == null && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  @Test
  void acknowledgedAsyncSavesSurviveACrashInCallOrder() throws Exception {
    WalOptions options = freshOptions();
    Wal wal = Wal.create(options, null);
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    for (long i = 1; i <= SAVES; i++) {
      acks.add(wal.saveAsync(new HardState(1, 1, i - 1), entries(1, i, i)));
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
    TestLogs.volume(options).crash(FaultPlan.loseUnsynced(), 7);
    assertEquals(
        LongStream.rangeClosed(1, SAVES).boxed().toList(),
        indexes(readOnly(options, Snapshot.ZERO).entries()));
  }

  @Test
  void concurrentSyncersAndAsyncSaversAllFinish() throws Exception {
    WalOptions options = freshOptions().withSegmentBytes(16 * 1024);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try (Wal wal = Wal.create(options, null)) {
      List<Future<?>> syncers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        syncers.add(
            threads.submit(
                () -> {
                  for (int n = 0; n < 200; n++) {
                    wal.sync();
                  }
                  return null;
                }));
      }
      List<CompletableFuture<Void>> acks = new ArrayList<>();
      for (long i = 1; i <= SAVES; i++) {
        acks.add(wal.saveAsync(new HardState(1, 1, i - 1), entries(1, i, i, 100)));
      }
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      for (Future<?> syncer : syncers) {
        syncer.get(30, TimeUnit.SECONDS);
      }
      assertTrue(wal.lockedSegments().size() > 1, "saves cut segments while others synced");
    } finally {
      threads.shutdownNow();
    }
    assertEquals(SAVES, readOnly(options, Snapshot.ZERO).entries().size());
  }

  @Test
  void aFailedSyncFailsEverySaveInFlight() throws Exception {
    WalOptions options = freshOptions().withSyncListener((segment, took) -> pause());
    try (Wal wal = Wal.create(options, null)) {
      TestLogs.volume(options).failSyncsAfter(0);
      List<CompletableFuture<Void>> acks = new ArrayList<>();
      for (long i = 1; i <= 20; i++) {
        acks.add(wal.saveAsync(new HardState(1, 1, i - 1), entries(1, i, i)));
      }
      for (CompletableFuture<Void> ack : acks) {
        CompletionException e = assertThrows(CompletionException.class, ack::join);
        assertInstanceOf(WalClosedException.class, e.getCause());
      }
      WalClosedException later =
          assertThrows(
              WalClosedException.class, () -> wal.save(new HardState(1, 1, 0), entries(1, 21, 21)));
      assertTrue(later.isPoisoned());
    }
  }

  @Test
  void anAsyncSaveThatNeedsNoSyncIsAcknowledgedAtOnce() throws Exception {
    try (Wal wal = Wal.create(freshOptions(), null)) {
      wal.save(new HardState(1, 1, 0), entries(1, 1, 1));
      assertTrue(
          wal.saveAsync(new HardState(1, 1, 1), List.of()).isDone(),
          "a commit-only save is not synced, as with save");
    }
  }

  private static void pause() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
