package io.github.jwal.jraft.cluster;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jwal.Snapshot;
import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import io.github.jwal.jraft.WalJRaftServiceFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * The campaign with every node's log on jwal (the file-segment backend) and RocksDB off the class
 * path; after every step each node's log verifies from outside while the node runs, as {@code jwal
 * verify} reads it (every frame, the CRC chain, the replay rules, from its latest valid snapshot
 * record).
 */
@Tag("without-rocksdb")
class WalClusterCampaignTest extends ClusterCampaignTest {
  /** Small segments, so that compaction deletes some within a run. */
  private static final long SEGMENT_BYTES = 1024 * 1024;

  @BeforeAll
  static void rocksDbIsNotThere() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.rocksdb.RocksDB"));
  }

  private static WalOptions options(Path dir) {
    return WalOptions.at(dir).withStorage("file").withSegmentBytes(SEGMENT_BYTES);
  }

  @Override
  protected LogBackend backend() {
    return new LogBackend(
        "WalLogStorage",
        new WalJRaftServiceFactory(WalClusterCampaignTest::options),
        uri -> {},
        WalClusterCampaignTest::verify);
  }

  static void verify(String uri) {
    WalOptions options = options(Path.of(uri));
    try {
      List<Snapshot> snapshots = Wal.validSnapshotEntries(options);
      Wal.verify(
          options, snapshots.isEmpty() ? Snapshot.ZERO : snapshots.get(snapshots.size() - 1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
