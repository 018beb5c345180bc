package io.github.jwal.jraft.cluster;

/** The faults a {@link FaultCampaign} injects, each ending with every node running again. */
enum Fault {
  /**
   * The leader dies while puts flow (cut off, then stopped: no hand-over); puts go on; it restarts
   * from its disk.
   */
  CRASH_LEADER,
  /** A follower is stopped; puts go on; it restarts from its disk and catches up. */
  RESTART_FOLLOWER,
  /**
   * The leader is cut off just after taking puts it cannot replicate, so its log ends in entries of
   * an old term; a new leader writes past them; the old one comes back as a follower and must
   * truncate that suffix ({@code truncateSuffix}).
   */
  CONFLICTING_SUFFIX,
  /**
   * Every node snapshots twice with puts between: jraft drops the log before the first ({@code
   * truncatePrefix}).
   */
  COMPACTION,
  /**
   * As {@link #CONFLICTING_SUFFIX}, but the new leader snapshots inside the old leader's stale
   * suffix and drops its log there, so the old leader is sent the snapshot and its log is rebuilt
   * from it ({@code reset}).
   */
  REBUILD_FROM_SNAPSHOT,
  /**
   * Every node stops, then all start again: what was acknowledged must come back from the disks
   * alone.
   */
  RESTART_ALL,
  /**
   * A follower loses its disk (log, metadata, snapshots) and is rebuilt from the leader's snapshot.
   */
  REPLACE_DISK
}
