package io.github.jwal.bookkeeper;

import io.github.jwal.tck.TckFixture;
import io.github.jwal.tck.WalTck;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole kit against real BookKeeper: ZooKeeper and three bookies in this JVM, ledgers of
 * ensemble 3, write quorum 3, ack quorum 2 (the backend's defaults).
 */
class BookKeeperTckTest extends WalTck {
  @RegisterExtension static final ClusterPerClass CLUSTER = new ClusterPerClass();

  @Override
  protected TckFixture fixture() {
    return new BookKeeperFixture(CLUSTER.get());
  }
}
