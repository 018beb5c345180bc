package io.github.jwal.bookkeeper;

import io.github.jwal.WalOptions;
import io.github.jwal.faults.FaultPlan;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.StorageOptions;
import io.github.jwal.tck.Capability;
import io.github.jwal.tck.TckFixture;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The kit's fixture on a running {@link LocalCluster}: a location is a fresh znode path under one
 * root per JVM; the kit's paths are keys. A crash is the writer's process dying without closing
 * anything (its ZooKeeper session ends, its ledgers stay open for the next writer to recover); a
 * failed sync is a lost ack quorum, injected before anything is sent ({@link Faults}).
 */
final class BookKeeperFixture implements TckFixture {
  private static final AtomicLong NEXT = new AtomicLong();
  private static final String RUN = "/jwal-tck/" + Long.toHexString(System.nanoTime());

  private final LocalCluster cluster;
  private final Map<String, String> properties;

  BookKeeperFixture(LocalCluster cluster) {
    this(cluster, LocalCluster.fastProperties());
  }

  BookKeeperFixture(LocalCluster cluster, Map<String, String> properties) {
    this.cluster = cluster;
    this.properties = properties;
  }

  @Override
  public String provider() {
    return BookKeeperStorageProvider.NAME;
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(
        Capability.CRASH,
        Capability.FAILING_SYNC,
        Capability.READ_BACKUPS,
        Capability.CROSS_PROCESS_LOCKING);
  }

  @Override
  public Path newLocation() {
    return Path.of("/log-" + NEXT.incrementAndGet());
  }

  @Override
  public WalOptions options(Path location) {
    return WalOptions.at(uri(location)).withProperties(properties);
  }

  private URI uri(Path location) {
    return URI.create(cluster.location(RUN + location));
  }

  BookKeeperLogStorage storage(Path location) throws IOException {
    return (BookKeeperLogStorage)
        new BookKeeperStorageProvider()
            .open(uri(location), new StorageOptions(1 << 20, false, properties));
  }

  @Override
  public void putSegment(Path location, SegmentId id, byte[] bytes) throws IOException {
    try (BookKeeperLogStorage storage = storage(location)) {
      storage.put(id, bytes);
    }
  }

  @Override
  public Path crash(Path location, FaultPlan plan, long seed) {
    BookKeeperLogStorage.crashAll(uri(location).toString());
    Faults.clear(uri(location).toString());
    return location;
  }

  @Override
  public void failSyncs(Path location, int successfulSyncs) {
    Faults.failSyncsAfter(uri(location).toString(), successfulSyncs);
  }

  @Override
  public void clearFailures(Path location) {
    Faults.clear(uri(location).toString());
  }

  @Override
  public byte[] readBackup(Path location, String name) throws IOException {
    try (BookKeeperLogStorage storage = storage(location)) {
      return storage.readBackup(name);
    }
  }
}
