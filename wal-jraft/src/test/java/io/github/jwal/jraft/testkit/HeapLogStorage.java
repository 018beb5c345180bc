package io.github.jwal.jraft.testkit;

import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.conf.ConfigurationEntry;
import com.alipay.sofa.jraft.entity.EnumOutter.EntryType;
import com.alipay.sofa.jraft.entity.LogEntry;
import com.alipay.sofa.jraft.entity.LogId;
import com.alipay.sofa.jraft.entity.codec.LogEntryDecoder;
import com.alipay.sofa.jraft.entity.codec.LogEntryEncoder;
import com.alipay.sofa.jraft.option.LogStorageOptions;
import com.alipay.sofa.jraft.storage.LogStorage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.ToLongFunction;

/**
 * A jraft log storage on the heap, with no RocksDB: a second reference for the contract suite, and
 * the log of the nodes that prove a cluster runs without RocksDB on the class path. Each URI's
 * "disk" lives in a static map, so a node restarted in the same JVM finds its log; it does not
 * survive the JVM and knows no crashes.
 *
 * <p>Appending an index already held replaces it and drops every entry after it, as jwal's log
 * does. Reads take a read lock and writes a write lock, so any number of readers run beside one
 * writer.
 */
public final class HeapLogStorage implements LogStorage {
  private static final Map<String, Disk> DISKS = new ConcurrentHashMap<>();

  /**
   * What survives a restart: the encoded entries, and the first index a truncation or reset set.
   */
  private static final class Disk {
    final ConcurrentSkipListMap<Long, byte[]> entries = new ConcurrentSkipListMap<>();

    /** 0 until truncatePrefix or reset sets it. */
    volatile long firstIndex;
  }

  private final String uri;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private Disk disk;
  private LogEntryEncoder encoder;
  private LogEntryDecoder decoder;

  public HeapLogStorage(String uri) {
    this.uri = uri;
  }

  /** Forgets the log at {@code uri}, as a replaced disk would. */
  public static void wipe(String uri) {
    DISKS.remove(uri);
  }

  @Override
  public boolean init(LogStorageOptions opts) {
    lock.writeLock().lock();
    try {
      encoder = opts.getLogEntryCodecFactory().encoder();
      decoder = opts.getLogEntryCodecFactory().decoder();
      disk = DISKS.computeIfAbsent(uri, u -> new Disk());
      for (byte[] bytes : disk.entries.values()) {
        LogEntry entry = decoder.decode(bytes);
        if (entry.getType() == EntryType.ENTRY_TYPE_CONFIGURATION) {
          opts.getConfigurationManager().add(configurationOf(entry));
        }
      }
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  private static ConfigurationEntry configurationOf(LogEntry entry) {
    ConfigurationEntry conf = new ConfigurationEntry();
    conf.setId(new LogId(entry.getId().getIndex(), entry.getId().getTerm()));
    conf.setConf(new Configuration(entry.getPeers(), entry.getLearners()));
    if (entry.getOldPeers() != null) {
      conf.setOldConf(new Configuration(entry.getOldPeers(), entry.getOldLearners()));
    }
    return conf;
  }

  @Override
  public void shutdown() {
    lock.writeLock().lock();
    try {
      disk = null;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public long getFirstLogIndex() {
    return read(
        d -> d.firstIndex > 0 ? d.firstIndex : d.entries.isEmpty() ? 1 : d.entries.firstKey());
  }

  @Override
  public long getLastLogIndex() {
    return read(
        d -> !d.entries.isEmpty() ? d.entries.lastKey() : d.firstIndex > 0 ? d.firstIndex - 1 : 0);
  }

  private long read(ToLongFunction<Disk> query) {
    lock.readLock().lock();
    try {
      return query.applyAsLong(disk);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public LogEntry getEntry(long index) {
    lock.readLock().lock();
    try {
      byte[] bytes = disk == null ? null : disk.entries.get(index);
      return bytes == null ? null : decoder.decode(bytes);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Deprecated
  @Override
  public long getTerm(long index) {
    LogEntry entry = getEntry(index);
    return entry == null ? 0 : entry.getId().getTerm();
  }

  @Override
  public boolean appendEntry(LogEntry entry) {
    return appendEntries(List.of(entry)) == 1;
  }

  @Override
  public int appendEntries(List<LogEntry> entries) {
    if (entries == null || entries.isEmpty()) {
      return 0;
    }
    lock.writeLock().lock();
    try {
      if (disk == null) {
        return 0;
      }
      disk.entries.tailMap(entries.get(0).getId().getIndex()).clear();
      for (LogEntry entry : entries) {
        disk.entries.put(entry.getId().getIndex(), encoder.encode(entry));
      }
      return entries.size();
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public boolean truncatePrefix(long firstIndexKept) {
    lock.writeLock().lock();
    try {
      disk.entries.headMap(firstIndexKept).clear();
      disk.firstIndex = firstIndexKept;
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public boolean truncateSuffix(long lastIndexKept) {
    lock.writeLock().lock();
    try {
      disk.entries.tailMap(lastIndexKept, false).clear();
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public boolean reset(long nextLogIndex) {
    if (nextLogIndex <= 0) {
      throw new IllegalArgumentException("nextLogIndex must be positive: " + nextLogIndex);
    }
    lock.writeLock().lock();
    try {
      byte[] kept = disk.entries.get(nextLogIndex);
      if (kept == null) {
        LogEntry placeholder = new LogEntry(EntryType.ENTRY_TYPE_NO_OP);
        placeholder.setId(new LogId(nextLogIndex, 0));
        kept = encoder.encode(placeholder);
      }
      disk.entries.clear();
      disk.entries.put(nextLogIndex, kept);
      disk.firstIndex = nextLogIndex;
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }
}
