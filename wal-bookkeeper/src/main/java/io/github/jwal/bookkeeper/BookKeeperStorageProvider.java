package io.github.jwal.bookkeeper;

import com.google.auto.service.AutoService;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.LogStorageProvider;
import io.github.jwal.spi.StorageCapability;
import io.github.jwal.spi.StorageOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * Stores a log in Apache BookKeeper, replicated over its bookies, at locations {@code
 * bookkeeper://zk-host:port[,zk-host:port…]/path/of/the/log}: each writer session of a segment is
 * one ledger, the log's manifest of segments is a ZooKeeper znode changed by compare-and-set, and
 * the writer's lock is an ephemeral znode backed by ledger fencing. The mapping is in {@code
 * docs/bookkeeper.md}; the properties in {@link BookKeeperSettings}.
 *
 * <p>What differs from a disk ({@link #capabilities()}): a reader sees only what the bookies
 * acknowledged (no {@link StorageCapability#UNSYNCED_READS}), and a crash never tears a write, as
 * entries are atomic and acknowledged in order (no {@link StorageCapability#TORN_WRITES}).
 *
 * <p>Thread-safe.
 */
@AutoService(LogStorageProvider.class)
public final class BookKeeperStorageProvider implements LogStorageProvider {
  public static final String NAME = "bookkeeper";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public Set<String> schemes() {
    return Set.of(BookKeeperLocation.SCHEME);
  }

  @Override
  public Set<StorageCapability> capabilities() {
    return EnumSet.noneOf(StorageCapability.class);
  }

  /** Refuses: BookKeeper logs are at {@code bookkeeper:} URIs. */
  @Override
  public LogStorage open(Path location, StorageOptions options) {
    throw new IllegalArgumentException(
        "the " + NAME + " storage opens bookkeeper:// locations," + " not paths: " + location);
  }

  @Override
  public LogStorage open(URI location, StorageOptions options) throws IOException {
    return BookKeeperLogStorage.open(
        BookKeeperLocation.parse(location), BookKeeperSettings.from(options.properties()), options);
  }
}
