package io.github.jwal.jraft.cluster;

import com.alipay.sofa.jraft.core.DefaultJRaftServiceFactory;

/**
 * The campaign on jraft's own RocksDBLogStorage: it proves the harness on the storage jraft ships.
 */
class RocksDBClusterCampaignTest extends ClusterCampaignTest {
  @Override
  protected LogBackend backend() {
    return LogBackend.onDisk("RocksDBLogStorage", DefaultJRaftServiceFactory.newInstance());
  }
}
