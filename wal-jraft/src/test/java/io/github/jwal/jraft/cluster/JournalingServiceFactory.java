package io.github.jwal.jraft.cluster;

import com.alipay.sofa.jraft.JRaftServiceFactory;
import com.alipay.sofa.jraft.entity.codec.LogEntryCodecFactory;
import com.alipay.sofa.jraft.option.NodeOptions;
import com.alipay.sofa.jraft.option.RaftOptions;
import com.alipay.sofa.jraft.storage.LogStorage;
import com.alipay.sofa.jraft.storage.RaftMetaStorage;
import com.alipay.sofa.jraft.storage.SnapshotStorage;

/** The backend's services, each log storage wrapped in a {@link JournalingLogStorage}. */
final class JournalingServiceFactory implements JRaftServiceFactory {
  private final JRaftServiceFactory delegate;
  private final StorageJournal journal;

  JournalingServiceFactory(JRaftServiceFactory delegate, StorageJournal journal) {
    this.delegate = delegate;
    this.journal = journal;
  }

  @Override
  public LogStorage createLogStorage(String uri, RaftOptions raftOptions) {
    return new JournalingLogStorage(uri, delegate.createLogStorage(uri, raftOptions), journal);
  }

  @Override
  public SnapshotStorage createSnapshotStorage(NodeOptions nodeOptions) {
    return delegate.createSnapshotStorage(nodeOptions);
  }

  @Override
  public RaftMetaStorage createRaftMetaStorage(String uri, RaftOptions raftOptions) {
    return delegate.createRaftMetaStorage(uri, raftOptions);
  }

  @Override
  public LogEntryCodecFactory createLogEntryCodecFactory() {
    return delegate.createLogEntryCodecFactory();
  }
}
