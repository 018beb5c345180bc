package io.github.jwal.jraft;

import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.conf.ConfigurationEntry;
import com.alipay.sofa.jraft.conf.ConfigurationManager;
import com.alipay.sofa.jraft.entity.EnumOutter.EntryType;
import com.alipay.sofa.jraft.entity.LogEntry;
import com.alipay.sofa.jraft.entity.LogId;
import com.alipay.sofa.jraft.entity.codec.LogEntryCodecFactory;
import com.alipay.sofa.jraft.entity.codec.LogEntryDecoder;
import com.alipay.sofa.jraft.entity.codec.LogEntryEncoder;
import com.alipay.sofa.jraft.entity.codec.v2.LogEntryV2CodecFactory;
import com.alipay.sofa.jraft.option.LogStorageOptions;
import com.alipay.sofa.jraft.option.RaftOptions;
import com.alipay.sofa.jraft.storage.LogStorage;
import io.github.jwal.Entry;
import io.github.jwal.EntryUnavailableException;
import io.github.jwal.HardState;
import io.github.jwal.ReplayHandler;
import io.github.jwal.Snapshot;
import io.github.jwal.TornTailException;
import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * jraft's {@link LogStorage} on a jwal log: each jraft entry is one etcd entry, whose term is the
 * jraft entry's and whose data is the entry as jraft's own codec ({@link LogEntryEncoder} from
 * {@link LogStorageOptions#getLogEntryCodecFactory()}) encodes it, so every field jraft has (type,
 * peers, learners, checksum, data) comes back as it went in.
 *
 * <p><b>Indexes.</b> jraft entry {@code i} is etcd entry {@code i + 1}: etcd's format has no entry
 * 0 (its first index is a snapshot's plus one), and jraft's own storage tests start logs at 0.
 * jraft's index is in the encoded entry too, which {@code jwal dump} shows. A log that was never
 * written nor truncated answers first index 1 and last 0, as jraft expects.
 *
 * <p><b>Gaps.</b> jraft's tests append 100 and then 200; jwal's log has no gaps, so the indexes
 * between are etcd entries with no data ("holes"), which read back as absent. A jraft entry's
 * encoding is never empty. jraft's log manager itself never leaves a gap.
 *
 * <p><b>The contract</b> (jraft's own storage tests, and what {@code LogManagerImpl} relies on):
 *
 * <ul>
 *   <li>Empty: first index 1, last index 0. Any index is accepted, 0 included, and an append may
 *       leave a gap; appending an index already held replaces it and everything after it (raft's
 *       overwrite).
 *   <li>Threads: one writer at a time is what jraft does (its log manager's disk thread issues
 *       every append, truncation and reset), and any number of threads read at once alongside it.
 *       Several writers are still safe: they are serialized, each call whole. Their syncs are not
 *       shared: a caller names its indexes, so a second batch can only follow a first that was
 *       accepted, and a blocking call is accepted when it returns. The log underneath shares syncs
 *       among callers that let it assign indexes ({@link Wal#append}).
 *   <li>Durability: when {@code appendEntries} returns the batch size, every entry of the batch is
 *       on stable storage if {@link RaftOptions#isSync()} is set (jraft's default); a batch is one
 *       write and one sync, plus one compaction when it starts a new log past index 0 or lands past
 *       the end of an empty one. After a crash every entry whose append returned is there, and a
 *       truncation or reset that returned is not undone. Without {@code isSync()} the log never
 *       syncs ({@link WalOptions#withUnsafeNoSync()}).
 *   <li>After {@link #shutdown()}, writes answer {@code false} or 0 and reads {@code null}, without
 *       throwing: jraft may still call its log storage while a node shuts down.
 * </ul>
 */
public final class WalLogStorage implements LogStorage {
  private static final System.Logger LOG = System.getLogger(WalLogStorage.class.getName());

  /**
   * The metadata of a log whose entries' data is jraft's V2 encoding, which {@code jwal dump} and
   * {@code verify} read as jraft entries.
   */
  static final byte[] METADATA = "sofa-jraft LogEntry V2".getBytes(StandardCharsets.US_ASCII);

  /** The widest gap an append may leave (each missing index costs a record). */
  static final long MAX_GAP = 1 << 20;

  private final WalOptions walOptions;
  private final RaftOptions raftOptions;

  /** Open and shutdown take it to write; every other call to read, so shutdown waits for them. */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();

  /** Serializes the writes, which are several calls on the log each. */
  private final Object writer = new Object();

  private volatile Wal wal;
  private LogEntryEncoder encoder;
  private LogEntryDecoder decoder;

  /**
   * A storage for the log at {@code walOptions.location()}; nothing is opened until {@link #init}.
   *
   * @param walOptions where the log is and on which backend
   * @param raftOptions the node's options; {@link RaftOptions#isSync()} says whether appends are
   *     synced
   */
  public WalLogStorage(WalOptions walOptions, RaftOptions raftOptions) {
    this.walOptions = Objects.requireNonNull(walOptions, "walOptions");
    this.raftOptions = Objects.requireNonNull(raftOptions, "raftOptions");
  }

  /**
   * Opens the log, creating it if there is none, and hands every configuration entry it holds to
   * the options' {@link ConfigurationManager}, lowest index first (the manager refuses any other
   * order). Reads the log once: the read that indexes it finds the configurations too ({@link
   * Wal#open(WalOptions, ReplayHandler)}). May be called again after {@link #shutdown()}.
   *
   * @return whether the log is open; {@code false} (logged) if it could not be read, which stops
   *     the node
   */
  @Override
  public boolean init(LogStorageOptions opts) {
    lifecycle.writeLock().lock();
    try {
      if (wal != null) {
        return true;
      }
      encoder = opts.getLogEntryCodecFactory().encoder();
      decoder = opts.getLogEntryCodecFactory().decoder();
      WalOptions options = raftOptions.isSync() ? walOptions : walOptions.withUnsafeNoSync();
      if (!Wal.exists(options)) {
        wal = Wal.create(options, metadataFor(opts.getLogEntryCodecFactory()));
        return true;
      }
      Configurations found = new Configurations();
      Wal opened = openRepairingATornTail(options, found);
      for (LogEntry conf : found.entries.values()) {
        opts.getConfigurationManager().add(configurationOf(conf));
      }
      wal = opened;
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.ERROR, "Could not open the jraft log at " + walOptions.location(), e);
      return false;
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  /**
   * What a new log's metadata says its entries are: {@link #METADATA} for jraft's V2 codec (every
   * node's unless its service factory says otherwise), else the codec factory's class, so that no
   * reader takes them for V2.
   */
  private static byte[] metadataFor(LogEntryCodecFactory codec) {
    return codec instanceof LogEntryV2CodecFactory
        ? METADATA
        : ("sofa-jraft LogEntry " + codec.getClass().getName()).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Opens the log; if it ends in a torn write (a power loss during an append, which therefore never
   * returned), cuts that write off first, as etcd's server does ({@link Wal#repair(WalOptions)}).
   * Any other damage is not repaired: the node does not start, and {@code jwal verify} tells where.
   */
  private Wal openRepairingATornTail(WalOptions options, Configurations found) throws IOException {
    try {
      return Wal.open(options, found);
    } catch (TornTailException torn) {
      LOG.log(
          Level.WARNING,
          "The jraft log at "
              + options.location()
              + " ends in a torn write, which is cut off: "
              + torn.getMessage());
      Wal.repair(options);
      found.entries.clear();
      return Wal.open(options, found);
    }
  }

  /**
   * The configuration entries of the log as the opening read streams it, by etcd index: the read
   * that indexes the log finds them too, so a restart reads the log once.
   */
  private final class Configurations implements ReplayHandler {
    final NavigableMap<Long, LogEntry> entries = new TreeMap<>();

    @Override
    public void append(Entry entry) throws IOException {
      if (isConfiguration(entry)) {
        LogEntry conf = decoder.decode(entry.data());
        if (conf == null) {
          throw new IOException("etcd entry " + entry.index() + " is no jraft entry");
        }
        entries.put(entry.index(), conf);
      }
    }

    @Override
    public void truncateAfter(long index) {
      entries.tailMap(index, false).clear();
    }

    @Override
    public void compactTo(long index) {
      entries.headMap(index, true).clear();
    }
  }

  /**
   * Whether an entry's data is a configuration in jraft's V2 encoding: its 6-byte header, then
   * field 1 (the type) as a varint, CONFIGURATION = 3. Other encodings (V1) are decoded to tell.
   */
  private boolean isConfiguration(Entry entry) {
    if (entry.dataLength() == 0) {
      return false;
    }
    byte[] data = entry.data();
    if (data.length > 7 && (data[0] & 0xFF) == 0xBB && data[6] == 0x08) {
      return data[7] == EntryType.ENTRY_TYPE_CONFIGURATION_VALUE;
    }
    LogEntry decoded = decoder.decode(data);
    return decoded != null && decoded.getType() == EntryType.ENTRY_TYPE_CONFIGURATION;
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

  /** Closes the log; later calls fail softly (see the class comment). Idempotent. */
  @Override
  public void shutdown() {
    lifecycle.writeLock().lock();
    try {
      Wal open = wal;
      wal = null;
      if (open != null) {
        open.close();
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Closing the jraft log at " + walOptions.location(), e);
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  /** Whether the log was never written nor truncated: jraft's empty log, [1, 0]. */
  private static boolean pristine(Wal log) throws IOException {
    return log.firstIndex() == 1 && log.lastIndex() == 0;
  }

  /**
   * The first index held, or the one set by {@link #truncatePrefix} or {@link #reset}; 1 when
   * empty.
   */
  @Override
  public long getFirstLogIndex() {
    lifecycle.readLock().lock();
    try {
      Wal log = wal;
      if (log == null) {
        return 1;
      }
      return pristine(log) ? 1 : log.firstIndex() - 1;
    } catch (IOException e) {
      LOG.log(Level.WARNING, "first index of " + walOptions.location(), e);
      return 1;
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * The last index held; 0 when never written, first index − 1 when emptied by {@link
   * #truncatePrefix}.
   */
  @Override
  public long getLastLogIndex() {
    lifecycle.readLock().lock();
    try {
      Wal log = wal;
      if (log == null) {
        return 0;
      }
      return pristine(log) ? 0 : log.lastIndex() - 1;
    } catch (IOException e) {
      LOG.log(Level.WARNING, "last index of " + walOptions.location(), e);
      return 0;
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * The entry at {@code index}, or {@code null} if the log does not hold it. A fresh object each
   * call.
   */
  @Override
  public LogEntry getEntry(long index) {
    if (index < 0 || index == Long.MAX_VALUE) {
      return null;
    }
    lifecycle.readLock().lock();
    try {
      Wal log = wal;
      if (log == null) {
        return null;
      }
      Entry entry = log.entry(index + 1);
      if (entry.dataLength() == 0) {
        return null; // a hole: see the class comment
      }
      LogEntry decoded = decoder.decode(entry.data());
      if (decoded == null) {
        LOG.log(
            Level.ERROR,
            "etcd entry " + entry.index() + " of " + walOptions.location() + " is no jraft entry");
      }
      return decoded;
    } catch (EntryUnavailableException e) {
      return null;
    } catch (IOException e) {
      LOG.log(Level.ERROR, "reading entry " + index + " of " + walOptions.location(), e);
      return null;
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** The term of the entry at {@code index}, or 0 if the log does not hold it. */
  @Deprecated
  @Override
  public long getTerm(long index) {
    LogEntry entry = getEntry(index);
    return entry == null ? 0 : entry.getId().getTerm();
  }

  /** Appends one entry, as {@link #appendEntries} does a batch of one. */
  @Override
  public boolean appendEntry(LogEntry entry) {
    return entry != null && appendEntries(List.of(entry)) == 1;
  }

  /**
   * Appends a batch in one write and one sync (see the class comment). Neither the list nor its
   * entries are kept or changed, their data buffers' positions included: jraft reuses the list and
   * hands the entries to the state machine.
   *
   * @return {@code entries.size()} once the batch is durable, or 0 if none of it was appended (null
   *     or empty lists, indexes that do not follow each other, a gap wider than {@value #MAX_GAP},
   *     an index below the first, a closed log)
   */
  @Override
  public int appendEntries(List<LogEntry> entries) {
    if (entries == null || entries.isEmpty()) {
      return 0;
    }
    long start = entries.get(0).getId().getIndex();
    for (int i = 1; i < entries.size(); i++) {
      if (entries.get(i).getId().getIndex() != start + i) {
        LOG.log(
            Level.WARNING, "refused a batch whose indexes do not follow each other, from " + start);
        return 0;
      }
    }
    if (start < 0) {
      return 0;
    }
    lifecycle.readLock().lock();
    try {
      synchronized (writer) {
        Wal log = wal;
        if (log == null) {
          return 0;
        }
        long first = log.firstIndex();
        long next = log.lastIndex() + 1; // etcd's next index
        long at = start + 1; // etcd's index of the first entry
        List<Entry> saved = new ArrayList<>(entries.size());
        if (pristine(log) && at > 1) {
          // The first entry of a new log sets its first index: compact to just before it.
          log.compact(Snapshot.of(at - 1, 0));
        } else if (at < first) {
          LOG.log(
              Level.WARNING,
              "refused entries from " + start + ", below the log's first index " + (first - 1));
          return 0;
        } else if (at > next) {
          if (at - next > MAX_GAP) {
            LOG.log(
                Level.WARNING,
                "refused entries from " + start + ": a gap of " + (at - next) + " indexes");
            return 0;
          }
          if (next == first) {
            log.compact(Snapshot.of(at - 1, 0)); // an empty log: move its start instead
          } else {
            long holeTerm = log.term(next - 1);
            for (long hole = next; hole < at; hole++) {
              saved.add(Entry.of(holeTerm, hole, null));
            }
          }
        }
        for (LogEntry entry : entries) {
          saved.add(
              Entry.of(
                  entry.getId().getTerm(), entry.getId().getIndex() + 1, encoder.encode(entry)));
        }
        log.save(HardState.EMPTY, saved);
        return entries.size();
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.ERROR, "appending entries from " + start + " to " + walOptions.location(), e);
      return 0;
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * Drops the entries before {@code firstIndexKept}, which becomes the first index even when it is
   * past the last entry (a node that installed a snapshot beyond its log); the new first index is
   * durable when this returns. Done by jwal's compaction: a snapshot record at {@code
   * firstIndexKept - 1}, and the segments wholly below it deleted.
   */
  @Override
  public boolean truncatePrefix(long firstIndexKept) {
    return write(
        "truncatePrefix(" + firstIndexKept + ")",
        log -> {
          long at = firstIndexKept; // etcd's index of jraft entry firstIndexKept - 1
          if (at < log.firstIndex()) {
            return; // nothing below it is held
          }
          log.compact(Snapshot.of(at, at <= log.lastIndex() ? log.term(at) : 0));
        });
  }

  /** Drops the entries after {@code lastIndexKept}; durable when this returns {@code true}. */
  @Override
  public boolean truncateSuffix(long lastIndexKept) {
    return write(
        "truncateSuffix(" + lastIndexKept + ")",
        log -> {
          if (lastIndexKept < 0) {
            throw new IllegalArgumentException("lastIndexKept " + lastIndexKept);
          }
          log.truncateAfter(lastIndexKept + 1);
        });
  }

  /**
   * Drops every entry and makes {@code nextLogIndex} both the first and the last index, keeping the
   * entry that was there, or a {@code NO_OP} of term 0 if there was none: the entry is what carries
   * the first index across a restart (jraft calls this after installing a snapshot from the
   * leader). In three durable steps, each leaving a log jraft can start from: the entries from
   * {@code nextLogIndex} on are dropped, those before it compacted, and the kept entry written
   * again.
   *
   * @return {@code false} (logged) if {@code nextLogIndex} lies below the log's first index, which
   *     jwal cannot move back
   * @throws IllegalArgumentException if {@code nextLogIndex} is not positive
   */
  @Override
  public boolean reset(long nextLogIndex) {
    if (nextLogIndex <= 0) {
      throw new IllegalArgumentException("nextLogIndex must be positive: " + nextLogIndex);
    }
    LogEntry kept = getEntry(nextLogIndex);
    if (kept == null) {
      kept = new LogEntry(EntryType.ENTRY_TYPE_NO_OP);
      kept.setId(new LogId(nextLogIndex, 0));
    }
    LogEntry placeholder = kept;
    return write(
        "reset(" + nextLogIndex + ")",
        log -> {
          long at = nextLogIndex + 1; // etcd's index of the kept entry
          if (!pristine(log) && at < log.firstIndex()) {
            throw new IllegalArgumentException(
                "the log starts at " + (log.firstIndex() - 1) + ", after " + nextLogIndex);
          }
          if (at - 1 <= log.lastIndex()) {
            log.truncateAfter(at - 1);
          }
          long before = at - 1;
          log.compact(
              Snapshot.of(
                  before,
                  before >= log.firstIndex() && before <= log.lastIndex() ? log.term(before) : 0));
          log.save(
              HardState.EMPTY,
              List.of(Entry.of(placeholder.getId().getTerm(), at, encoder.encode(placeholder))));
        });
  }

  /**
   * A write on the open log, serialized with the others: {@code false} (logged) if it failed or the
   * log is closed.
   */
  private boolean write(String what, LogWrite write) {
    lifecycle.readLock().lock();
    try {
      synchronized (writer) {
        Wal log = wal;
        if (log == null) {
          return false;
        }
        write.on(log);
        return true;
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.ERROR, what + " on " + walOptions.location(), e);
      return false;
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  @FunctionalInterface
  private interface LogWrite {
    void on(Wal log) throws IOException;
  }

  @Override
  public String toString() {
    return "WalLogStorage[" + walOptions.location() + ", sync=" + raftOptions.isSync() + "]";
  }
}
