package io.github.jwal.bookkeeper;

import io.github.jwal.tck.TckFixture;
import io.github.jwal.tck.WalTck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole kit against real BookKeeper: ZooKeeper and three bookies in this JVM, ledgers of
 * ensemble 3, write quorum 3, ack quorum 2 (the backend's defaults).
 */
class BookKeeperTckTest extends WalTck {
  private static LocalCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = LocalCluster.start(3);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  protected TckFixture fixture() {
    return new BookKeeperFixture(cluster);
  }
}
