package io.github.jwal;

import java.time.Duration;

/**
 * Observes every sync of a segment: its latency, for metrics (etcd records {@code
 * wal_fsync_duration_seconds}). Called on the thread that synced, after the sync returned; keep it
 * fast and do not call back into the log.
 */
@FunctionalInterface
public interface SyncListener {
  /** A sync of {@code segment} took {@code duration}. */
  void synced(String segment, Duration duration);
}
