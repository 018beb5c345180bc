package io.github.jwal.log;

import io.github.jwal.SyncListener;
import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * Every sync of a log's segments goes through here, as every fdatasync in etcd goes through its
 * {@code sync()}: timed, warned about when slow, and reported to the {@link SyncListener}.
 * Thread-safe.
 */
final class TimedSync {
  private static final System.Logger LOG = System.getLogger(Wal.class.getName());

  private final WalOptions options;
  private final String location;

  /** A sync, or a seal, which syncs. */
  interface SyncAction {
    void run() throws IOException;
  }

  TimedSync(WalOptions options, String location) {
    this.options = options;
    this.location = location;
  }

  /** Runs {@code sync} of {@code segment}, warns if it was slow and reports its latency. */
  void run(String segment, SyncAction sync) throws IOException {
    long startNanos = System.nanoTime();
    sync.run();
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    if (took.compareTo(options.slowSyncWarning()) > 0) {
      LOG.log(
          Level.WARNING,
          "slow sync of {0} in {1}: took {2}, expected less than {3}",
          segment,
          location,
          took,
          options.slowSyncWarning());
    }
    SyncListener listener = options.syncListener();
    if (listener != null) {
      listener.synced(segment, took);
    }
  }
}
