package io.github.jwal.tck.selftest;

/** A bug planted in the reference backend, which the kit must catch. */
enum Flaw {
  /** {@code sync()} returns without forcing anything. */
  SKIPS_FSYNC,
  /** {@code write()} returns at once; its bytes reach the file only with the next write or seal. */
  ACKS_BEFORE_WRITING,
  /**
   * The first half of each write reaches the file only after the next sync: reordered across it.
   */
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
  LOCKS_ONLY_SEGMENTS,
  /**
   * {@code segments()} keys the listing by first index: of segments that share one, one is left.
   */
  LISTS_BY_FIRST_INDEX,
  /** {@code backup} neither syncs the copy nor the directory. */
  BACKUP_NOT_DURABLE,
  /** {@code backup} always writes {@code <segment>.broken}, over an earlier backup. */
  BACKUP_OVERWRITES,
  /** Under {@code unsafeNoSync}, publish, delete and backup skip the directory sync too. */
  NO_SYNC_SKIPS_DIRECTORY_SYNCS,
  /** {@code truncate} does not sync. */
  TRUNCATE_NOT_DURABLE,
  /** {@code delete} does not sync the directory. */
  DELETE_NOT_DURABLE,
  /** {@code create} writes the first segment under its final name, before publish. */
  CREATES_IN_PLACE,
  /** A failed sync poisons nothing: the next sync tries again, and may report success. */
  RETRIES_FAILED_SYNC,
  /** A failed sync poisons its writer, not the storage: allocate and publish go on. */
  POISON_NOT_SHARED,
  /** A staged file left under the same temporary name is reused without being emptied. */
  STAGED_NOT_EMPTIED,
  /** {@code readAt} stops at the size the reader saw when opened, missing bytes written since. */
  READS_AT_THE_SIZE_IT_OPENED_WITH
}
