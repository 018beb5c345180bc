package io.github.jwal.tck;

import io.github.jwal.faults.FaultPlan;

/**
 * What a {@link TckFixture} can do beyond storing bytes. The kit does not run a test that needs one
 * the fixture does not declare (its report entry {@code jwal-tck not run} names the capability),
 * and runs every other test: a fixture declares only what it implements.
 */
public enum Capability {
  /** {@link TckFixture#crash} simulates a power loss as the {@link FaultPlan} says. */
  CRASH,
  /** {@link TckFixture#failSyncs} makes syncs fail, as a dying disk's fsync does. */
  FAILING_SYNC,
  /** {@link TckFixture#setCapacity} limits the space, as a full disk does. */
  DISK_FULL,
  /** {@link TckFixture#injectWriteFault} loses or misdirects a write that reports success. */
  WRITE_FAULTS,
  /** {@link TckFixture#readBackup} reads a backup a repair made, by the name it returned. */
  READ_BACKUPS,
  /**
   * A second writer in another process is refused: the kit starts a JVM with the test class path
   * that opens the backend at the location and tries to lock it. Needs locations another process
   * can reach (a real directory, a shared service).
   */
  CROSS_PROCESS_LOCKING
}
