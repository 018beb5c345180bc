package io.github.jwal.jraft.cluster;

import com.alipay.sofa.jraft.entity.LogEntry;
import com.alipay.sofa.jraft.option.LogStorageOptions;
import com.alipay.sofa.jraft.storage.LogStorage;
import java.util.List;

/**
 * A log storage that tells a {@link StorageJournal} of its truncations and resets, and does nothing
 * else.
 */
final class JournalingLogStorage implements LogStorage {
  private final String uri;
  private final LogStorage delegate;
  private final StorageJournal journal;

  JournalingLogStorage(String uri, LogStorage delegate, StorageJournal journal) {
    this.uri = uri;
    this.delegate = delegate;
    this.journal = journal;
  }

  @Override
  public boolean init(LogStorageOptions opts) {
    return delegate.init(opts);
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  @Override
  public long getFirstLogIndex() {
    return delegate.getFirstLogIndex();
  }

  @Override
  public long getLastLogIndex() {
    return delegate.getLastLogIndex();
  }

  @Override
  public LogEntry getEntry(long index) {
    return delegate.getEntry(index);
  }

  @Deprecated
  @Override
  public long getTerm(long index) {
    return delegate.getTerm(index);
  }

  @Override
  public boolean appendEntry(LogEntry entry) {
    return delegate.appendEntry(entry);
  }

  @Override
  public int appendEntries(List<LogEntry> entries) {
    return delegate.appendEntries(entries);
  }

  @Override
  public boolean truncatePrefix(long firstIndexKept) {
    boolean ok = delegate.truncatePrefix(firstIndexKept);
    journal.record(uri, "truncatePrefix", firstIndexKept, ok);
    return ok;
  }

  @Override
  public boolean truncateSuffix(long lastIndexKept) {
    boolean ok = delegate.truncateSuffix(lastIndexKept);
    journal.record(uri, "truncateSuffix", lastIndexKept, ok);
    return ok;
  }

  @Override
  public boolean reset(long nextLogIndex) {
    boolean ok = delegate.reset(nextLogIndex);
    journal.record(uri, "reset", nextLogIndex, ok);
    return ok;
  }
}
