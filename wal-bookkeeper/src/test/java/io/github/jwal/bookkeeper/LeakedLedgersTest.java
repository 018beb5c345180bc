package io.github.jwal.bookkeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.StorageOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link LeakedLedgers}: what a crash leaked goes; what is published, or a live writer's, stays.
 */
class LeakedLedgersTest {
  private static final AtomicLong NEXT = new AtomicLong();
  private static final Map<String, String> PROPERTIES = LocalCluster.fastProperties();
  @RegisterExtension static final ClusterPerClass CLUSTER = new ClusterPerClass();

  private static URI newLocation() {
    return URI.create(CLUSTER.get().location("/leaks/log-" + NEXT.incrementAndGet()));
  }

  private static WalOptions options(URI location) {
    return WalOptions.at(location).withProperties(PROPERTIES).withSegmentBytes(16 * 1024);
  }

  /** Entries 1..count of 1000 bytes: with 16 KiB segments, a cut every 15 or so. */
  private static void save(Wal wal, long from, long to) throws IOException {
    for (long i = from; i <= to; i++) {
      wal.save(new HardState(1, 1, i), List.of(Entry.of(1, i, new byte[1000])));
    }
  }

  /** A log whose writer died after 40 saves: its spare ledger, at least, is left unpublished. */
  private static URI crashedLog() throws Exception {
    URI location = newLocation();
    Wal wal = Wal.create(options(location), null);
    save(wal, 1, 40);
    awaitUnpublished(location, 1);
    BookKeeperLogStorage.crashAll(location.toString());
    return location;
  }

  /**
   * The log's unpublished ledgers once there are at least {@code count}: a writer creates its spare
   * in the background.
   */
  private static SortedSet<Long> awaitUnpublished(URI location, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      SortedSet<Long> unpublished = LeakedLedgers.unpublished(location, PROPERTIES);
      if (unpublished.size() >= count || System.nanoTime() > deadline) {
        return unpublished;
      }
      Thread.sleep(20);
    }
  }

  private static int entries(URI location) throws IOException {
    try (Wal wal = Wal.openForRead(options(location), Snapshot.ZERO)) {
      return wal.readAll().entries().size();
    }
  }

  private static BookKeeperLogStorage storage(URI location) throws IOException {
    return (BookKeeperLogStorage)
        new BookKeeperStorageProvider()
            .open(location, new StorageOptions(1 << 20, false, PROPERTIES));
  }

  private static Set<Long> published(URI location) throws IOException {
    try (BookKeeperLogStorage storage = storage(location)) {
      Set<Long> ledgers = new HashSet<>();
      for (SegmentId id : storage.segments()) {
        for (Extent extent : storage.extentsNow(id)) {
          ledgers.add(extent.ledgerId());
        }
      }
      return ledgers;
    }
  }

  @Test
  void theLedgersACrashLeakedAreFoundAndDeleted() throws Exception {
    URI location = crashedLog();
    SortedSet<Long> leaked = LeakedLedgers.find(location, PROPERTIES);
    assertFalse(leaked.isEmpty(), "the dead writer's spare ledger");
    assertEquals(leaked, LeakedLedgers.delete(location, PROPERTIES));
    assertEquals(Set.of(), LeakedLedgers.unpublished(location, PROPERTIES));
    try (BookKeeperLogStorage storage = storage(location)) {
      for (long id : leaked) {
        assertThrows(NoSuchFileException.class, () -> storage.ledgers().openToRead(id));
      }
    }
    assertEquals(40, entries(location), "the log after the sweep");
  }

  @Test
  void publishedLedgersAreNeverSwept() throws Exception {
    URI location = crashedLog();
    Set<Long> published = published(location);
    assertTrue(published.size() > 1, "segments of the log: " + published);
    SortedSet<Long> deleted = LeakedLedgers.delete(location, PROPERTIES);
    for (long id : deleted) {
      assertFalse(published.contains(id), "swept published ledger " + id);
    }
    assertEquals(published, published(location));
    assertEquals(40, entries(location));
  }

  @Test
  void aLiveWritersSpareLedgerIsNeverSwept() throws Exception {
    URI location = newLocation();
    try (Wal wal = Wal.create(options(location), null)) {
      save(wal, 1, 40);
      SortedSet<Long> spare = awaitUnpublished(location, 1);
      assertFalse(spare.isEmpty(), "the writer's spare ledger, created ahead of its next cut");
      assertEquals(Set.of(), LeakedLedgers.delete(location, PROPERTIES));
      save(wal, 41, 80);
    }
    assertEquals(80, entries(location));
  }

  @Test
  void anEarlierWritersLeakIsSweptWhileANewWriterRuns() throws Exception {
    URI location = crashedLog();
    SortedSet<Long> leaked = LeakedLedgers.find(location, PROPERTIES);
    try (Wal wal = Wal.open(options(location), Snapshot.ZERO)) {
      wal.readAll();
      SortedSet<Long> unpublished = awaitUnpublished(location, leaked.size() + 1);
      assertTrue(unpublished.size() > leaked.size(), "the new writer's spare: " + unpublished);
      assertEquals(leaked, LeakedLedgers.delete(location, PROPERTIES));
      save(wal, 41, 80);
    }
    assertEquals(80, entries(location));
  }
}
