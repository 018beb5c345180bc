package io.github.jwal.spi;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * A log's segments in one backend: segmented bytes with a durability contract. A backend stores
 * bytes and never parses a record; the format and its rules live in the engine.
 *
 * <p>The durability contract, beyond {@link SegmentWriter}'s (checked by wal-tck):
 * <ol>
 *   <li>A published segment exists under its final name after a crash ({@link SegmentWriter#publish}).
 *   <li>Creating a log is atomic: after a crash it does not exist or exists whole.
 *   <li>One writer at a time: {@link #lock} fails with {@code WalLockedException} while another
 *       storage, in this process or another, holds any of the segments.
 *   <li>Operations that read ({@link #segments}, {@link #openReader}) work without a lock, while a
 *       writer appends.
 * </ol>
 *
 * <p>Thread-safety: the engine calls a storage from one thread at a time; a backend may run its own
 * background threads (e.g. to preallocate the next segment).
 */
public interface LogStorage extends Closeable {
  /** Where the log lives, for messages (a directory path, a bucket, a name). */
  String location();

  /** Whether the location holds at least one published segment. */
  boolean exists() throws IOException;

  /** The published segments, in {@link SegmentId} order. Empty if the log does not exist. */
  List<SegmentId> segments() throws IOException;

  /**
   * Opens a published segment for sequential reading, without a lock.
   *
   * @throws java.nio.file.NoSuchFileException if the segment is not there
   */
  SegmentReader openReader(SegmentId id) throws IOException;

  /**
   * Takes the writer's lock on these published segments (at least one), all or none.
   *
   * @throws io.github.jwal.WalLockedException if another writer holds any of them
   */
  void lock(List<SegmentId> ids) throws IOException;

  /** Gives up the lock on a sealed segment, so that it may be purged. Unknown ids are ignored. */
  void release(SegmentId id) throws IOException;

  /**
   * Deletes a published segment that no writer holds, durably (a purge of old segments).
   *
   * @throws io.github.jwal.WalLockedException if a writer, this storage included, holds it
   * @throws java.nio.file.NoSuchFileException if it is not there
   */
  void delete(SegmentId id) throws IOException;

  /**
   * Stages the first segment of a new log, locked and preallocated to the configured size. The log
   * comes into existence only when the returned writer is published.
   *
   * @throws io.github.jwal.WalExistsException if a log already exists at the location
   */
  SegmentWriter create() throws IOException;

  /**
   * Stages the next segment for a cut: locked, preallocated, empty (a stale staged file left by a
   * crash is emptied first). The caller writes its head, syncs and publishes it.
   */
  SegmentWriter allocate() throws IOException;

  /**
   * Opens a locked, published segment for appending at {@code offset}. The engine has checked that
   * every byte from {@code offset} to the end is zero, so the backend need not zero anything.
   */
  SegmentWriter openTail(SegmentId id, long offset) throws IOException;

  /**
   * Copies a published segment's bytes, whole, durably, to a backup next to it and returns the
   * backup's name: {@code <segment>.broken} as etcd names it, or {@code <segment>.broken.N} when an
   * earlier repair's backup is there (etcd would overwrite it).
   */
  String backup(SegmentId id) throws IOException;

  /**
   * Cuts a locked, published segment to {@code size} bytes, durably.
   *
   * @throws IllegalArgumentException if {@code size} is negative or beyond the segment's size
   */
  void truncate(SegmentId id, long size) throws IOException;

  /**
   * Releases every lock, stops background work and discards a staged segment that was never
   * published. Idempotent.
   */
  @Override
  void close() throws IOException;
}
