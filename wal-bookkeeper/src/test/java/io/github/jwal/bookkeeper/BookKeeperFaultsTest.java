package io.github.jwal.bookkeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import io.github.jwal.Wal;
import io.github.jwal.WalClosedException;
import io.github.jwal.WalException;
import io.github.jwal.WalLockedException;
import io.github.jwal.WalOptions;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * BookKeeper's own faults under a jwal log (E3 W3 A2 on three bookies): bookies lost during saves,
 * a writer's fail-over to another client, a writer whose ZooKeeper session expires. One cluster for
 * the class; every test starts the bookies it stopped again, so they run one at a time.
 */
@Execution(ExecutionMode.SAME_THREAD)
class BookKeeperFaultsTest {
  private static final AtomicLong NEXT = new AtomicLong();
  @RegisterExtension static final ClusterPerClass CLUSTER = new ClusterPerClass();

  private static LocalCluster cluster() {
    return CLUSTER.get();
  }

  @AfterEach
  void everyBookieRuns() throws Exception {
    for (LocalCluster.Bookie bookie : cluster().bookies()) {
      if (!bookie.running()) {
        cluster().start(bookie);
      }
    }
  }

  private static WalOptions newLog(Map<String, String> more) {
    Map<String, String> properties = new HashMap<>(LocalCluster.fastProperties());
    properties.putAll(more);
    return WalOptions.at(URI.create(cluster().location("/faults/log-" + NEXT.incrementAndGet())))
        .withProperties(properties)
        .withSegmentBytes(64 * 1024);
  }

  private static Entry entry(long index) {
    byte[] data = new byte[100];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (index * 31 + i);
    }
    return Entry.of(1, index, data);
  }

  /** Saves entries {@code from..to}, one per save, each synced. */
  private static void save(Wal wal, List<Entry> saved, long from, long to) throws IOException {
    for (long i = from; i <= to; i++) {
      Entry e = entry(i);
      wal.save(new HardState(1, 1, i), List.of(e));
      saved.add(e);
    }
  }

  private static List<Entry> readAll(WalOptions options) throws IOException {
    try (Wal wal = Wal.open(options, Snapshot.ZERO)) {
      return wal.readAll().entries();
    }
  }

  @Test
  void savesGoOnThroughTheLossOfOneBookieAndNothingIsLost() throws Exception {
    WalOptions options = newLog(Map.of());
    List<Entry> saved = new ArrayList<>();
    try (Wal wal = Wal.create(options, null)) {
      save(wal, saved, 1, 200);
      cluster().stop(cluster().bookie(1));
      save(wal, saved, 201, 1000);
    }
    assertEquals(saved, readAll(options), "with one bookie of three down");
    cluster().start(cluster().bookie(1));
    assertEquals(saved, readAll(options), "with the bookie back");
  }

  @Test
  void losingTwoBookiesFailsTheSaveCleanlyAndTheLogWorksWhenTheyReturn() throws Exception {
    WalOptions options = newLog(Map.of("bookkeeper.client.addEntryTimeoutSec", "2"));
    List<Entry> saved = new ArrayList<>();
    Wal wal = Wal.create(options, null);
    try {
      save(wal, saved, 1, 100);
      cluster().stop(cluster().bookie(0));
      cluster().stop(cluster().bookie(2));
      WalClosedException failed =
          assertThrows(
              WalClosedException.class,
              () -> wal.save(new HardState(1, 1, 101), List.of(entry(101))));
      assertTrue(failed.isPoisoned(), failed.toString());
      assertTrue(
          assertThrows(
                  WalClosedException.class,
                  () -> wal.save(new HardState(1, 1, 102), List.of(entry(102))))
              .isPoisoned());
    } finally {
      try {
        wal.close();
      } catch (IOException poisoned) {
        // the log failed: closing it says so again
      }
    }
    cluster().start(cluster().bookie(0));
    cluster().start(cluster().bookie(2));
    try (Wal reopened = Wal.open(options, Snapshot.ZERO)) {
      List<Entry> read = reopened.readAll().entries();
      assertTrue(read.size() == 100 || read.size() == 101, "read " + read.size() + " entries");
      assertEquals(saved, read.subList(0, 100), "acknowledged entries");
      save(reopened, saved, read.size() + 1, read.size() + 50);
    }
    List<Entry> after = readAll(options);
    assertEquals(saved.subList(0, 100), after.subList(0, 100));
    assertEquals(saved.subList(100, 150), after.subList(after.size() - 50, after.size()));
  }

  @Test
  void aSecondWriterOnAnotherClientFencesTheFirst() throws Exception {
    WalOptions options = newLog(Map.of());
    // Another BookKeeper client: a setting of its own keeps it from sharing the first's.
    WalOptions elsewhere = options.withProperty("bookkeeper.client.jwalTestClient", "second");
    List<Entry> saved = new ArrayList<>();
    Wal first = Wal.create(options, null);
    try {
      save(first, saved, 1, 300);
      // The first writer's process stalls past its session: ZooKeeper ends the session while the
      // process, unaware, goes on.
      expireServerSide(options);
      Wal second = openWhenTheLockIsFree(elsewhere);
      try (second) {
        assertEquals(saved, second.readAll().entries(), "what the first writer acknowledged");
        WalException refused =
            assertThrows(
                WalException.class,
                () -> first.save(new HardState(1, 1, 301), List.of(entry(301))));
        assertInstanceOf(
            WalLockedException.class,
            refused instanceof WalClosedException ? refused.getCause() : refused,
            "the first writer's save after the fail-over: " + refused);
        second.save(new HardState(1, 1, 301), List.of(entry(301)));
        saved.add(entry(301));
      }
    } finally {
      try {
        first.close();
      } catch (IOException refused) {
        // it lost the log
      }
    }
    assertEquals(saved, readAll(options));
  }

  @Test
  void aWriterWhoseSessionExpiresStopsAndTheLogReopens() throws Exception {
    WalOptions options = newLog(Map.of());
    List<Entry> saved = new ArrayList<>();
    Wal wal = Wal.create(options, null);
    try {
      save(wal, saved, 1, 50);
      BookKeeperLogStorage storage = only(options);
      expireServerSide(options);
      // The client learns of the expiry when it reconnects.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline) {
        try {
          storage.checkUsable();
          Thread.sleep(50);
        } catch (WalLockedException expired) {
          break;
        }
      }
      WalException refused =
          assertThrows(
              WalException.class, () -> wal.save(new HardState(1, 1, 51), List.of(entry(51))));
      assertInstanceOf(
          WalLockedException.class,
          refused instanceof WalClosedException ? refused.getCause() : refused,
          refused.toString());
    } finally {
      try {
        wal.close();
      } catch (IOException refused) {
        // it lost the log
      }
    }
    try (Wal reopened = Wal.open(options, Snapshot.ZERO)) {
      assertEquals(saved, reopened.readAll().entries());
      save(reopened, saved, 51, 60);
    }
    assertEquals(saved, readAll(options));
  }

  private static BookKeeperLogStorage only(WalOptions options) {
    var live = BookKeeperLogStorage.live(options.uri().toString());
    assertEquals(1, live.size(), "storages open at " + options.uri());
    return live.iterator().next();
  }

  /**
   * Ends the writer's session on the server, as a session timeout does, by closing a second handle
   * on the same session: its ephemerals (the lock, the holds) go at once.
   */
  private static void expireServerSide(WalOptions options) throws Exception {
    ZkSession session = only(options).session();
    CountDownLatch connected = new CountDownLatch(1);
    ZooKeeper twin =
        new ZooKeeper(
            cluster().zkConnect,
            4000,
            event -> {
              if (event.getState()
                  == org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
              }
            },
            session.sessionId(),
            session.sessionPassword());
    assertTrue(connected.await(10, TimeUnit.SECONDS), "the twin session did not connect");
    twin.close();
  }

  private static Wal openWhenTheLockIsFree(WalOptions options) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        return Wal.open(options, Snapshot.ZERO);
      } catch (WalLockedException stillHeld) {
        if (System.nanoTime() > deadline) {
          throw stillHeld;
        }
        Thread.sleep(50);
      }
    }
  }
}
