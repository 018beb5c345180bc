package io.github.jwal.tck.selftest;

/** A bug planted in the reference backend, which the kit must catch. */
enum Flaw {
  /** {@code sync()} returns without forcing anything. */
  SKIPS_FSYNC,
  /** {@code write()} returns at once; its bytes reach the file only with the next write or seal. */
  ACKS_BEFORE_WRITING,
  /** The first half of each write reaches the file only after the next sync: reordered across it. */
  REORDERS_ACROSS_SYNC,
  /** Publishing and deleting rename without syncing the directory. */
  SKIPS_DIRECTORY_SYNC,
  /** Once a segment's synced bytes pass 2 KiB, one of them is flipped, durably. */
  CORRUPTS_SYNCED_BYTES,
  /** {@code segments()} leaves out the newest segment once there are two. */
  LOSES_NEWEST_SEGMENT,
  /** Locks never refuse anyone. */
  IGNORES_LOCKS,
  /**
   * The writer's lock is only a lock per segment, as jwal's file backend had it before issue 10: a
   * second writer is refused only while a segment it asks for is held, so it gets in once the
   * segments it listed were released.
   */
  LOCKS_ONLY_SEGMENTS
}
