package io.github.jwal.bookkeeper;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * ZooKeeper sessions that own nothing, shared by the storages of a process for what needs no lock:
 * reading the manifest, listing, reading segments, purging. A storage gets a session of its own
 * only when it becomes a writer, as its lock and holds must end with it; connecting and closing a
 * session per storage would cost every reader and every purge a round of ZooKeeper's handshakes. A
 * shared session that expires is replaced by the next call (it holds no ephemerals), and one no
 * storage uses is closed {@link Clients#LINGER_MILLIS} later.
 *
 * <p>Thread-safe.
 */
final class SharedSessions {
  static final SharedSessions PROCESS = new SharedSessions();

  private record Key(String zooKeeper, int timeoutMillis) {}

  private final class Shared {
    final Key key;
    ZkSession session;
    volatile boolean expired;
    int users;
    ScheduledFuture<?> closing;

    Shared(Key key) {
      this.key = key;
    }
  }

  private final Map<Key, Shared> sessions = new HashMap<>();
  private final ScheduledExecutorService closer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "jwal-bookkeeper-session-closer");
            thread.setDaemon(true);
            return thread;
          });

  /** A storage's use of the shared session of its ensemble. */
  final class Lease implements AutoCloseable {
    private final Shared shared;
    private final BookKeeperLocation where;
    private boolean closed;

    private Lease(Shared shared, BookKeeperLocation where) {
      this.shared = shared;
      this.where = where;
    }

    /** The live session, connected anew if the last one expired. */
    ZkSession session() throws IOException {
      synchronized (SharedSessions.this) {
        if (shared.session == null || shared.expired) {
          ZkSession old = shared.session;
          shared.expired = false;
          shared.session =
              ZkSession.connect(where, shared.key.timeoutMillis(), () -> shared.expired = true);
          if (old != null) {
            closeQuietly(old);
          }
        }
        return shared.session;
      }
    }

    @Override
    public void close() {
      synchronized (SharedSessions.this) {
        if (closed) {
          return;
        }
        closed = true;
        if (--shared.users == 0) {
          shared.closing =
              closer.schedule(
                  () -> closeIfUnused(shared), Clients.LINGER_MILLIS, TimeUnit.MILLISECONDS);
        }
      }
    }
  }

  synchronized Lease acquire(BookKeeperLocation where, int timeoutMillis) {
    Key key = new Key(where.zooKeeper(), timeoutMillis);
    Shared shared = sessions.computeIfAbsent(key, Shared::new);
    if (shared.closing != null) {
      shared.closing.cancel(false);
      shared.closing = null;
    }
    shared.users++;
    return new Lease(shared, where);
  }

  private void closeIfUnused(Shared shared) {
    ZkSession session;
    synchronized (this) {
      if (shared.users > 0 || sessions.get(shared.key) != shared) {
        return;
      }
      sessions.remove(shared.key);
      session = shared.session;
    }
    if (session != null) {
      closeQuietly(session);
    }
  }

  private static void closeQuietly(ZkSession session) {
    try {
      session.close();
    } catch (IOException e) {
      // nothing depends on it any more
    }
  }
}
