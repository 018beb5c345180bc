package io.github.jwal.bookkeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a writer's saves cost its ZooKeeper session (docs/bookkeeper.md, "Mapping"): a save that
 * stays in its segment sends nothing, a save that cuts to a new segment one {@code multi}, the
 * publish. BookKeeper's own metadata writes (the sealed ledger's close, the next spare's create) go
 * through BookKeeper's session and are not counted here.
 */
class ZooKeeperRoundTripsTest {
  private static final AtomicLong NEXT = new AtomicLong();
  @RegisterExtension static final ClusterPerClass CLUSTER = new ClusterPerClass();

  private static WalOptions newLog(long segmentBytes) {
    return WalOptions.at(
            URI.create(CLUSTER.get().location("/round-trips/log-" + NEXT.incrementAndGet())))
        .withProperties(LocalCluster.fastProperties())
        .withSegmentBytes(segmentBytes);
  }

  private static ZkSession writerSession(WalOptions options) {
    Set<BookKeeperLogStorage> live = BookKeeperLogStorage.live(options.uri().toString());
    assertEquals(1, live.size(), "storages open at " + options.uri());
    return live.iterator().next().session();
  }

  private static void save(Wal wal, long index, int bytes) throws IOException {
    wal.save(new HardState(1, 1, index), List.of(Entry.of(1, index, new byte[bytes])));
  }

  @Test
  void savesThatStayInTheirSegmentSendNothingToZooKeeper() throws IOException {
    WalOptions options = newLog(1 << 20);
    try (Wal wal = Wal.create(options, null)) {
      save(wal, 1, 100);
      ZkSession session = writerSession(options);
      long before = session.requests();
      for (long i = 2; i <= 101; i++) {
        save(wal, i, 100);
      }
      assertEquals(1, wal.lockedSegments().size(), "the saves cut");
      assertEquals(before, session.requests(), "ZooKeeper requests of 100 saves");
    }
  }

  @Test
  void aSaveThatCutsSendsOneRequestToZooKeeper() throws IOException {
    WalOptions options = newLog(16 * 1024);
    try (Wal wal = Wal.create(options, null)) {
      save(wal, 1, 1000);
      ZkSession session = writerSession(options);
      int cuts = 0;
      for (long i = 2; cuts < 3; i++) {
        int segments = wal.lockedSegments().size();
        long before = session.requests();
        save(wal, i, 1000);
        long requests = session.requests() - before;
        if (wal.lockedSegments().size() > segments) {
          cuts++;
          assertEquals(1, requests, "ZooKeeper requests of the save of entry " + i + ", a cut");
        } else {
          assertEquals(0, requests, "ZooKeeper requests of the save of entry " + i);
        }
        assertTrue(i < 200, "no cut in 200 saves of 1000 bytes to segments of 16 KiB");
      }
    }
  }
}
