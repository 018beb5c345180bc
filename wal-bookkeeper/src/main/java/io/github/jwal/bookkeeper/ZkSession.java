package io.github.jwal.bookkeeper;

import io.github.jwal.WalException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;

/**
 * One storage's ZooKeeper session. The writer's lock and holds are ephemeral znodes of it, so they
 * end with it: when the storage closes, or when the session expires because its process stalled or
 * lost ZooKeeper for longer than the session timeout. An expired session is never renewed (a
 * successor may have the log by then): the storage is told once, and every later call fails.
 *
 * <p>Thread-safe, as ZooKeeper's handle is.
 */
final class ZkSession implements Closeable {
  /** A ZooKeeper call. */
  @FunctionalInterface
  interface Call<T> {
    T run(ZooKeeper zk) throws KeeperException, InterruptedException;
  }

  private static final long RETRY_PAUSE_MILLIS = 20;

  private final BookKeeperLocation where;
  private final int timeoutMillis;
  private final Object connection = new Object();
  private final ZooKeeper zk;
  private KeeperState state = KeeperState.Disconnected;

  /** Requests sent, a {@code multi} counting one: what a test of round trips counts. */
  private final AtomicLong requests = new AtomicLong();

  private ZkSession(BookKeeperLocation where, int timeoutMillis, Runnable onExpiry)
      throws IOException {
    this.where = where;
    this.timeoutMillis = timeoutMillis;
    this.zk =
        new ZooKeeper(
            where.zooKeeper(),
            timeoutMillis,
            (WatchedEvent event) -> {
              KeeperState now = event.getState();
              synchronized (connection) {
                state = now;
                connection.notifyAll();
              }
              if (now == KeeperState.Expired) {
                onExpiry.run();
              }
            });
  }

  /**
   * A new session on the location's ensemble, once connected; {@code onExpiry} runs (on ZooKeeper's
   * event thread) if it ever expires.
   *
   * @throws WalException if no server of the ensemble answers within the session timeout
   */
  static ZkSession connect(BookKeeperLocation where, int timeoutMillis, Runnable onExpiry)
      throws IOException {
    ZkSession session = new ZkSession(where, timeoutMillis, onExpiry);
    if (!session.awaitConnected()) {
      session.close();
      throw new WalException(
          "cannot reach ZooKeeper at "
              + where.zooKeeper()
              + " for "
              + where
              + " within "
              + timeoutMillis
              + " ms");
    }
    return session;
  }

  /**
   * Waits until the session is connected, up to the session timeout: after a lost connection the
   * client reconnects on its own, within the same session if it has not expired.
   *
   * @return false if it did not connect in time, expired or was closed
   */
  boolean awaitConnected() throws InterruptedIOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    synchronized (connection) {
      while (state != KeeperState.SyncConnected) {
        long left = deadline - System.nanoTime();
        if (state == KeeperState.Expired || state == KeeperState.Closed || left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(connection, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException(
              "interrupted while connecting to ZooKeeper for " + where);
        }
      }
      return true;
    }
  }

  /**
   * Runs a call. A lost connection is retried once the session reconnects, so {@code call} must not
   * change anything, or be safe to repeat.
   *
   * @throws KeeperException what ZooKeeper answered, other than a lost connection
   */
  <T> T retrying(Call<T> call) throws IOException, KeeperException {
    while (true) {
      try {
        requests.incrementAndGet();
        return call.run(zk);
      } catch (KeeperException.ConnectionLossException lost) {
        pause();
        if (!awaitConnected()) {
          throw unreachable(lost);
        }
      } catch (InterruptedException e) {
        throw interrupted(e);
      }
    }
  }

  /** Lets the client notice a lost connection before the retry asks whether it is back. */
  void pause() throws InterruptedIOException {
    try {
      Thread.sleep(RETRY_PAUSE_MILLIS);
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  /** Runs a call once, for a caller that handles a lost connection itself. */
  <T> T once(Call<T> call) throws IOException, KeeperException {
    try {
      requests.incrementAndGet();
      return call.run(zk);
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  /**
   * The requests this session sent through {@link #retrying} and {@link #once} (a retry counting
   * again), for tests: each is one round trip to ZooKeeper.
   */
  long requests() {
    return requests.get();
  }

  long sessionId() {
    return zk.getSessionId();
  }

  /** The session's password, with {@link #sessionId()} what a test needs to expire it. */
  byte[] sessionPassword() {
    return zk.getSessionPasswd();
  }

  /** A failure of ZooKeeper that the caller does not handle, naming the location. */
  WalException failure(String what, KeeperException e) {
    if (e.code() == KeeperException.Code.SESSIONEXPIRED) {
      return new WalException(
          what
              + " failed for "
              + where
              + ": this storage's ZooKeeper session"
              + " expired; open a new storage",
          e);
    }
    return new WalException(what + " failed for " + where + ": " + e.getMessage(), e);
  }

  WalException unreachable(KeeperException lost) {
    return new WalException(
        "lost ZooKeeper at "
            + where.zooKeeper()
            + " for "
            + where
            + " for longer than "
            + timeoutMillis
            + " ms",
        lost);
  }

  private InterruptedIOException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    InterruptedIOException io =
        new InterruptedIOException("interrupted while calling ZooKeeper for " + where);
    io.initCause(e);
    return io;
  }

  /**
   * Closes sessions in the background: ZooKeeper's close takes ~100 ms after the server ended it.
   */
  private static final java.util.concurrent.ExecutorService CLOSER =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "jwal-bookkeeper-zk-close");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * Ends the session without waiting for ZooKeeper's client to wind down; the caller deleted the
   * ephemerals it must see gone.
   */
  void closeInBackground() {
    CLOSER.execute(
        () -> {
          try {
            zk.close();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  /** Ends the session: its ephemeral znodes (the lock, the holds) go at once. */
  @Override
  public void close() throws IOException {
    try {
      zk.close();
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }
}
