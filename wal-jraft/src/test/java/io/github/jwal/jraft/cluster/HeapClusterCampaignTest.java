package io.github.jwal.jraft.cluster;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jwal.jraft.testkit.HeapLogStorage;
import io.github.jwal.jraft.testkit.HeapServiceFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * The campaign with RocksDB off the class path (the {@code without-rocksdb} execution): a jraft
 * node needs nothing of RocksDB when its log storage is supplied.
 */
@Tag("without-rocksdb")
class HeapClusterCampaignTest extends ClusterCampaignTest {
  @BeforeAll
  static void rocksDbIsNotThere() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.rocksdb.RocksDB"));
  }

  @Override
  protected LogBackend backend() {
    return new LogBackend(
        "HeapLogStorage", new HeapServiceFactory(), HeapLogStorage::wipe, uri -> {});
  }
}
