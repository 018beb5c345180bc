package io.github.jwal.bookkeeper;

import io.github.jwal.WalException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.bookkeeper.client.api.BookKeeper;
import org.apache.bookkeeper.client.api.LedgerMetadata;
import org.apache.bookkeeper.client.api.ListLedgersResult;
import org.apache.bookkeeper.util.StringUtils;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Finds and deletes the ledgers of a log that a crash leaked: tagged with the log ({@code
 * application=jwal}, {@code jwal/log=<location>}), not used by its manifest, and that no writer can
 * publish any more. A writer whose process dies leaks its spare ledger (created ahead for its next
 * segment) and a staged segment's; a purge whose ledger delete failed leaves one too.
 *
 * <p>The rule, which never deletes a ledger a live writer may still publish: a writer creates every
 * ledger it publishes after it took the lock ({@code <log>/lock}, an ephemeral znode of its
 * session), and only the lock's holder changes the manifest. So, in this order: the cluster's
 * ledgers are listed, then the lock is read, then the manifest. A listed ledger the manifest does
 * not use is leaked if there is no lock, or if its metadata znode was created before the lock's
 * (ZooKeeper's {@code czxid}: the ensemble's own order of changes, no clock trusted). Such a ledger
 * was made by an earlier writer, whose session is gone and whose changes ZooKeeper refuses. The
 * live writer's own (its spare, a staged segment) are younger than its lock and kept; a ledger
 * created after the listing is not looked at. The one writer outside this rule is the kit's {@code
 * putSegment}, which writes ledgers without a lock: do not sweep a log a test writes so.
 *
 * <p>It lists every ledger of the cluster and reads each one's metadata: an operator's task, not
 * one for a hot path. Thread-safe.
 */
public final class LeakedLedgers {
  private final BookKeeper client;
  private final Ledgers ledgers;
  private final ZkSession zk;
  private final BookKeeperLocation where;
  private final BookKeeperSettings settings;

  private LeakedLedgers(
      BookKeeper client,
      Ledgers ledgers,
      ZkSession zk,
      BookKeeperLocation where,
      BookKeeperSettings settings) {
    this.client = client;
    this.ledgers = ledgers;
    this.zk = zk;
    this.where = where;
    this.settings = settings;
  }

  /**
   * The leaked ledgers of the log at {@code location}; changes nothing.
   *
   * @param location the log, {@code bookkeeper://ensemble/path}
   * @param properties the backend's properties, as the log is opened with ({@code bookkeeper.*})
   * @return the leaked ledgers' ids
   * @throws IllegalArgumentException if the location or a property is not this backend's
   * @throws WalException if ZooKeeper or BookKeeper fails or cannot be reached
   */
  public static SortedSet<Long> find(URI location, Map<String, String> properties)
      throws IOException {
    return on(location, properties, LeakedLedgers::leaked);
  }

  /**
   * Deletes what {@link #find} finds. A crash in the middle leaves the rest for the next sweep.
   *
   * @param location the log, {@code bookkeeper://ensemble/path}
   * @param properties the backend's properties, as the log is opened with ({@code bookkeeper.*})
   * @return the ids of the ledgers deleted (one someone else deleted meanwhile included)
   * @throws IllegalArgumentException if the location or a property is not this backend's
   * @throws WalException if ZooKeeper or BookKeeper fails or cannot be reached
   */
  public static SortedSet<Long> delete(URI location, Map<String, String> properties)
      throws IOException {
    return on(
        location,
        properties,
        sweep -> {
          SortedSet<Long> leaked = sweep.leaked();
          for (long id : leaked) {
            sweep.ledgers.deleteNow(id);
          }
          return leaked;
        });
  }

  /** The ledgers tagged with the log that its manifest does not use, a live writer's included. */
  static SortedSet<Long> unpublished(URI location, Map<String, String> properties)
      throws IOException {
    return on(
        location,
        properties,
        sweep -> {
          SortedSet<Long> tagged = sweep.tagged();
          tagged.removeAll(sweep.manifestLedgers());
          return Collections.unmodifiableSortedSet(tagged);
        });
  }

  @FunctionalInterface
  private interface Task {
    SortedSet<Long> run(LeakedLedgers sweep) throws IOException;
  }

  private static SortedSet<Long> on(URI location, Map<String, String> properties, Task task)
      throws IOException {
    BookKeeperLocation where = BookKeeperLocation.parse(location);
    BookKeeperSettings settings = BookKeeperSettings.from(properties);
    try (Clients.Lease lease =
            Clients.PROCESS.acquire(
                where.metadataServiceUri(settings.ledgersRoot()), settings.client());
        SharedSessions.Lease session =
            SharedSessions.PROCESS.acquire(where, settings.sessionTimeoutMillis())) {
      Ledgers ledgers = new Ledgers(lease.client(), lease.closedLedgers(), settings, where);
      return task.run(
          new LeakedLedgers(lease.client(), ledgers, session.session(), where, settings));
    }
  }

  /** The rule of the class comment, its steps in its order. */
  private SortedSet<Long> leaked() throws IOException {
    SortedSet<Long> leaked = tagged();
    Stat lock = stat(where.lock());
    leaked.removeAll(manifestLedgers());
    if (lock != null) {
      for (Iterator<Long> it = leaked.iterator(); it.hasNext(); ) {
        Stat ledger =
            stat(settings.ledgersRoot() + StringUtils.getHybridHierarchicalLedgerPath(it.next()));
        if (ledger == null || ledger.getCzxid() > lock.getCzxid()) {
          it.remove();
        }
      }
    }
    return Collections.unmodifiableSortedSet(leaked);
  }

  private Set<Long> manifestLedgers() throws IOException {
    return new ManifestStore(zk, where).read().manifest().ledgers();
  }

  /** Every ledger of the cluster tagged with this log. */
  private SortedSet<Long> tagged() throws IOException {
    SortedSet<Long> tagged = new TreeSet<>();
    ListLedgersResult all =
        ledgers.await(client.newListLedgersOp().execute(), "listing the cluster's ledgers");
    try {
      for (long id : all.toIterable()) {
        LedgerMetadata metadata;
        try {
          metadata = ledgers.await(client.getLedgerMetadata(id), "reading ledger " + id);
        } catch (NoSuchFileException deletedMeanwhile) {
          continue;
        }
        if (ours(metadata.getCustomMetadata())) {
          tagged.add(id);
        }
      }
    } catch (RuntimeException failed) {
      // The listing's iterable reports a failed ZooKeeper read unchecked.
      throw new WalException(
          "listing the ledgers of the cluster of " + where + ": " + failed, failed);
    } finally {
      closeQuietly(all);
    }
    return tagged;
  }

  private boolean ours(Map<String, byte[]> custom) {
    byte[] application = custom.get(Ledgers.APPLICATION_KEY);
    byte[] log = custom.get(Ledgers.LOG_KEY);
    return application != null
        && log != null
        && new String(application, StandardCharsets.UTF_8).equals(Ledgers.APPLICATION)
        && new String(log, StandardCharsets.UTF_8).equals(where.toString());
  }

  private Stat stat(String path) throws IOException {
    try {
      return zk.retrying(z -> z.exists(path, false));
    } catch (KeeperException e) {
      throw zk.failure("reading " + path, e);
    }
  }

  private static void closeQuietly(ListLedgersResult result) {
    try {
      result.close();
    } catch (Exception e) {
      // a listing's resources only
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
