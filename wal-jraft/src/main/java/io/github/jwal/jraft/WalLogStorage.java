package io.github.jwal.jraft;

import com.alipay.sofa.jraft.conf.ConfigurationManager;
import com.alipay.sofa.jraft.entity.LogEntry;
import com.alipay.sofa.jraft.entity.codec.LogEntryEncoder;
import com.alipay.sofa.jraft.option.LogStorageOptions;
import com.alipay.sofa.jraft.option.RaftOptions;
import com.alipay.sofa.jraft.storage.LogStorage;
import io.github.jwal.WalOptions;
import java.util.List;
import java.util.Objects;

/**
 * jraft's {@link LogStorage} on a jwal log: each jraft entry is one etcd entry, whose index and term
 * are the jraft entry's and whose data is the entry as jraft's own codec ({@link LogEntryEncoder}
 * from {@link LogStorageOptions#getLogEntryCodecFactory()}) encodes it, so every field jraft has
 * (type, peers, learners, checksum, data) comes back as it went in.
 *
 * <p><b>Skeleton.</b> The methods below state the contract they will meet; their bodies wait for
 * jwal's Raft-ready log (reads by index, truncation at both ends, issue #12) and throw
 * {@link UnsupportedOperationException} until then.
 *
 * <p><b>The contract</b> (jraft's own storage tests, and what {@code LogManagerImpl} relies on):
 *
 * <ul>
 *   <li>Empty: first index 1, last index 0. Any index is accepted, 0 included, and an append may leave
 *       a gap; appending an index already held replaces it and everything after it.
 *   <li>Threads: one writer at a time is what jraft does (its log manager's disk thread issues every
 *       append, truncation and reset), and any number of threads read at once alongside it. Several
 *       writers are still safe: they are serialized.
 *   <li>Durability: when {@code appendEntries} returns the batch size, every entry of the batch is on
 *       stable storage if {@link RaftOptions#isSync()} is set (jraft's default); a batch is all or
 *       nothing, and costs one sync, which concurrent callers share. After a crash every entry whose
 *       append returned is there, and a truncation or reset that returned is not undone.
 *   <li>After {@link #shutdown()}, writes answer {@code false} or 0 and reads {@code null}, without
 *       throwing: jraft may still call its log storage while a node shuts down.
 * </ul>
 */
public final class WalLogStorage implements LogStorage {
  private static final String PENDING =
      "wal-jraft's log storage needs jwal's reads by index and truncation (issue #12)";

  private final WalOptions walOptions;
  private final RaftOptions raftOptions;

  /**
   * A storage for the log at {@code walOptions.location()}; nothing is opened until {@link #init}.
   *
   * @param raftOptions the node's options; {@link RaftOptions#isSync()} says whether appends are synced
   */
  public WalLogStorage(WalOptions walOptions, RaftOptions raftOptions) {
    this.walOptions = Objects.requireNonNull(walOptions, "walOptions");
    this.raftOptions = Objects.requireNonNull(raftOptions, "raftOptions");
  }

  /**
   * Opens the log, creating it if there is none, and hands every configuration entry it holds to the
   * options' {@link ConfigurationManager}, lowest index first (the manager refuses any other order).
   * May be called again after {@link #shutdown()}.
   *
   * @return whether the log is open; {@code false} (logged) if it could not be read, which stops the node
   */
  @Override
  public boolean init(LogStorageOptions opts) {
    throw new UnsupportedOperationException(PENDING);
  }

  /** Closes the log; later calls fail softly (see the class comment). Idempotent. */
  @Override
  public void shutdown() {
    throw new UnsupportedOperationException(PENDING);
  }

  /** The first index held, or the one set by {@link #truncatePrefix} or {@link #reset}; 1 when empty. */
  @Override
  public long getFirstLogIndex() {
    throw new UnsupportedOperationException(PENDING);
  }

  /** The last index held; 0 when never written, first index − 1 when emptied by {@link #truncatePrefix}. */
  @Override
  public long getLastLogIndex() {
    throw new UnsupportedOperationException(PENDING);
  }

  /** The entry at {@code index}, or {@code null} if the log does not hold it. A fresh object each call. */
  @Override
  public LogEntry getEntry(long index) {
    throw new UnsupportedOperationException(PENDING);
  }

  /** The term of the entry at {@code index}, or 0 if the log does not hold it. */
  @Deprecated
  @Override
  public long getTerm(long index) {
    throw new UnsupportedOperationException(PENDING);
  }

  /** Appends one entry, as {@link #appendEntries} does a batch of one. */
  @Override
  public boolean appendEntry(LogEntry entry) {
    throw new UnsupportedOperationException(PENDING);
  }

  /**
   * Appends a batch in one write and one sync (see the class comment). Neither the list nor its entries
   * are kept or changed, their data buffers' positions included: jraft reuses the list and hands the
   * entries to the state machine.
   *
   * @return {@code entries.size()} once the batch is durable, or 0 if none of it was appended
   *     (null or empty lists included)
   */
  @Override
  public int appendEntries(List<LogEntry> entries) {
    throw new UnsupportedOperationException(PENDING);
  }

  /**
   * Drops the entries before {@code firstIndexKept}, which becomes the first index even when it is past
   * the last entry (a node that installed a snapshot beyond its log); the new first index is durable
   * when this returns.
   */
  @Override
  public boolean truncatePrefix(long firstIndexKept) {
    throw new UnsupportedOperationException(PENDING);
  }

  /** Drops the entries after {@code lastIndexKept}; durable when this returns {@code true}. */
  @Override
  public boolean truncateSuffix(long lastIndexKept) {
    throw new UnsupportedOperationException(PENDING);
  }

  /**
   * Drops every entry and makes {@code nextLogIndex} both the first and the last index, keeping the
   * entry that was there, or a {@code NO_OP} of term 0 if there was none: the entry is what carries the
   * first index across a restart (jraft calls this after installing a snapshot from the leader).
   *
   * @throws IllegalArgumentException if {@code nextLogIndex} is not positive
   */
  @Override
  public boolean reset(long nextLogIndex) {
    throw new UnsupportedOperationException(PENDING);
  }

  @Override
  public String toString() {
    return "WalLogStorage[" + walOptions.location() + ", sync=" + raftOptions.isSync() + "]";
  }
}
