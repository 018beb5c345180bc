package io.github.jwal.jraft.testkit;

import com.alipay.sofa.jraft.core.DefaultJRaftServiceFactory;
import com.alipay.sofa.jraft.option.RaftOptions;
import com.alipay.sofa.jraft.storage.LogStorage;

/**
 * jraft's default services, but the log on the heap ({@link HeapLogStorage}): nothing loads
 * RocksDB.
 */
public final class HeapServiceFactory extends DefaultJRaftServiceFactory {
  @Override
  public LogStorage createLogStorage(String uri, RaftOptions raftOptions) {
    return new HeapLogStorage(uri);
  }
}
