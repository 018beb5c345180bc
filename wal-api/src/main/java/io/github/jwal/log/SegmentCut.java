package io.github.jwal.log;

import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentWriter;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The durable half of a cut, as etcd's cut orders it: the old tail sealed (truncated and synced),
 * the new segment's head synced, then the new segment published (renamed, directory synced).
 *
 * <p>Unlike etcd, the two syncs run at once, the head's on a thread of its own: the head is known
 * once the save that fills the tail is encoded, and the new segment stays a staged file that no
 * reader takes for a segment until it is published, so nothing orders its sync after the tail's.
 * The cut waits for both and publishes only then: a published segment never follows an unsynced
 * tail, and its head is synced before its name is.
 *
 * <p>Used by one thread at a time (the log writer, under its lock).
 */
final class SegmentCut {
  private final String location;
  private final TimedSync timedSync;
  private ExecutorService headSyncer;

  SegmentCut(String location, TimedSync timedSync) {
    this.location = location;
    this.timedSync = timedSync;
  }

  /**
   * Seals {@code tail} (named {@code tailName}) while syncing {@code next}, which holds its head,
   * then publishes {@code next} as {@code id}. Interrupts do not stop it halfway: it waits for both
   * syncs, and restores the thread's interrupt status.
   */
  void sealAndPublish(SegmentWriter tail, String tailName, SegmentWriter next, SegmentId id)
      throws IOException {
    Future<?> headSync =
        headSyncer()
            .submit(
                () -> {
                  timedSync.run("the next segment", next::sync);
                  return null;
                });
    Throwable failure = null;
    try {
      timedSync.run(tailName, tail::seal);
    } catch (IOException | RuntimeException e) {
      failure = e;
    }
    failure = addTo(failure, awaitUninterruptibly(headSync));
    if (failure != null) {
      throw rethrow(failure);
    }
    next.publish(id);
  }

  /** Stops the head's thread, if a cut started it. */
  void shutdown() {
    if (headSyncer != null) {
      headSyncer.shutdown();
    }
  }

  private ExecutorService headSyncer() {
    if (headSyncer == null) {
      headSyncer =
          Executors.newSingleThreadExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "jwal-cut " + location);
                thread.setDaemon(true);
                return thread;
              });
    }
    return headSyncer;
  }

  /** Waits for {@code task} through interrupts; returns its failure, or null. */
  private static Throwable awaitUninterruptibly(Future<?> task) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          task.get();
          return null;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          return e.getCause();
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A failure of the syncs, thrown as it was thrown, or returned to be thrown if checked. */
  private static IOException rethrow(Throwable failure) {
    if (failure instanceof IOException io) {
      return io;
    }
    if (failure instanceof RuntimeException unchecked) {
      throw unchecked;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new IOException(failure);
  }

  private static Throwable addTo(Throwable first, Throwable next) {
    if (first == null) {
      return next;
    }
    if (next != null) {
      first.addSuppressed(next);
    }
    return first;
  }
}
