package io.github.jwal.bookkeeper;

import io.github.jwal.WalException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.bookkeeper.client.api.BookKeeper;
import org.apache.bookkeeper.conf.ClientConfiguration;

/**
 * The BookKeeper clients of this process: one per cluster and client configuration, shared by every
 * storage on it, because a client (its connections to every bookie, its threads, its own ZooKeeper
 * session) costs tens of milliseconds to make and a process opens storages often (every open, every
 * read, every purge). A client is closed {@link #LINGER_MILLIS} after the last storage lets go of
 * it, unless another takes it again meanwhile.
 *
 * <p>Thread-safe.
 */
final class Clients {
  static final Clients PROCESS = new Clients();

  /** How long an unused client is kept for the next storage; a process may exit that much later. */
  static final long LINGER_MILLIS = 1000;

  private static final System.Logger LOG = System.getLogger(Clients.class.getName());

  private record Key(String metadataServiceUri, SortedMap<String, String> settings) {}

  private final Map<Key, Shared> clients = new HashMap<>();
  private final ScheduledExecutorService closer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "jwal-bookkeeper-client-closer");
            thread.setDaemon(true);
            return thread;
          });

  private final class Shared {
    final Key key;
    final BookKeeper client;
    final ClosedLedgers closed = new ClosedLedgers();
    int users;
    ScheduledFuture<?> closing;

    Shared(Key key, BookKeeper client) {
      this.key = key;
      this.client = client;
    }
  }

  /** A storage's use of a shared client; closing it lets go. */
  final class Lease implements AutoCloseable {
    private final Shared shared;
    private boolean closed;

    private Lease(Shared shared) {
      this.shared = shared;
    }

    BookKeeper client() {
      return shared.client;
    }

    ClosedLedgers closedLedgers() {
      return shared.closed;
    }

    @Override
    public void close() {
      synchronized (Clients.this) {
        if (closed) {
          return;
        }
        closed = true;
        if (--shared.users == 0) {
          shared.closing =
              closer.schedule(() -> closeIfUnused(shared), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        }
      }
    }
  }

  /**
   * The client of this cluster and configuration, made if there is none.
   *
   * @param settings BookKeeper's own client settings ({@code ClientConfiguration} keys)
   * @throws WalException if the client cannot be made (the metadata service is unreachable)
   */
  synchronized Lease acquire(String metadataServiceUri, SortedMap<String, String> settings)
      throws IOException {
    Key key = new Key(metadataServiceUri, settings);
    Shared shared = clients.get(key);
    if (shared == null) {
      shared = new Shared(key, create(key));
      clients.put(key, shared);
    }
    if (shared.closing != null) {
      shared.closing.cancel(false);
      shared.closing = null;
    }
    shared.users++;
    return new Lease(shared);
  }

  private static BookKeeper create(Key key) throws IOException {
    ClientConfiguration conf = new ClientConfiguration();
    conf.setMetadataServiceUri(key.metadataServiceUri());
    // With an ack quorum smaller than the write quorum, a lost bookie does not stop the adds while
    // the ack quorum answers; without a spare bookie, changing the ensemble at once would fail
    // them.
    conf.setDelayEnsembleChange(true);
    key.settings().forEach(conf::setProperty);
    try {
      return BookKeeper.newBuilder(conf).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(
          "interrupted while connecting to " + key.metadataServiceUri());
    } catch (Exception e) {
      throw new WalException(
          "cannot connect to the BookKeeper cluster at " + key.metadataServiceUri() + ": " + e, e);
    }
  }

  private void closeIfUnused(Shared shared) {
    synchronized (this) {
      if (shared.users > 0 || clients.get(shared.key) != shared) {
        return;
      }
      clients.remove(shared.key);
    }
    try {
      shared.client.close();
    } catch (Exception e) {
      LOG.log(
          Level.DEBUG,
          "closing the BookKeeper client of {0}: {1}",
          shared.key.metadataServiceUri(),
          e);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
