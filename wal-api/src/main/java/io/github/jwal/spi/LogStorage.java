package io.github.jwal.spi;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * A log's segments in one backend: segmented bytes with a durability contract. A backend stores
 * bytes and never parses a record; the format and its rules live in the engine.
 *
 * <p>The contract, beyond {@link SegmentWriter}'s, cites the rules of wal-tck's catalogue ({@code
 * io.github.jwal.tck.Rule}, listed in docs/tck-rules.md), which the kit's {@code StorageContract}
 * checks test by test:
 *
 * <ul>
 *   <li>R2: a published segment exists under its final name after a crash; a staged one never does
 *       ({@link SegmentWriter#publish}).
 *   <li>R3: creating a log is atomic: after a crash it does not exist or exists whole, and a staged
 *       log is not listed ({@link #create}).
 *   <li>R5: one writer, ever: while a storage is the log's writer ({@link #lock} or {@link #create}
 *       returned, and it is not closed), no other storage, in this process or another, becomes one:
 *       its {@code lock} and {@code create} fail with {@code WalLockedException}, whatever the
 *       writer is doing (cutting, releasing, purging, repairing, closing).
 *   <li>R7: operations that read ({@link #segments}, {@link #openReader}) work without a lock,
 *       while a writer appends, and never take or drop the writer's lock.
 *   <li>R8: a {@link #delete} refuses a segment the writer holds, and is durable.
 *   <li>R9: {@link #segments} lists by sequence number, also when several start at the same index.
 *   <li>R10: {@link #openTail} appends at the given offset of a held segment.
 *   <li>R11: {@link #truncate} cuts a held segment durably; a {@link #backup} is a durable copy,
 *       and never overwrites an earlier one.
 *   <li>R12: {@link #close} releases every lock and discards every staged segment; a segment is
 *       published once.
 *   <li>R13: under {@link StorageOptions#unsafeNoSync}, publishing, truncating, deleting and
 *       backing up stay durable.
 * </ul>
 *
 * <p>Thread-safety: the engine calls a storage from one thread at a time, but the writers of two
 * segments may be synced at once (see {@link SegmentWriter}); a backend may run its own background
 * threads (e.g. to preallocate the next segment).
 */
public interface LogStorage extends Closeable {
  /** Where the log lives, for messages (a directory path, a bucket, a name). */
  String location();

  /** Whether the location holds at least one published segment. */
  boolean exists() throws IOException;

  /** The published segments, in {@link SegmentId} order (R9). Empty if the log does not exist. */
  List<SegmentId> segments() throws IOException;

  /**
   * Opens a published segment for sequential reading, without a lock (R7).
   *
   * @throws java.nio.file.NoSuchFileException if the segment is not there
   */
  SegmentReader openReader(SegmentId id) throws IOException;

  /**
   * Makes this storage the log's one writer until it is closed. The engine calls it before it lists
   * the segments it will append to or repair, so that the listing cannot change under it: no other
   * storage can cut, release or truncate meanwhile (R5). Refusing changes nothing at the location.
   * Idempotent.
   *
   * @throws io.github.jwal.WalLockedException if another storage, in this process or another, is
   *     the log's writer
   * @throws io.github.jwal.WalNotFoundException if the location holds no log
   */
  void lock() throws IOException;

  /**
   * Keeps these published segments (at least one) from being deleted by a purge, all or none, until
   * {@link #release}: the segments the writer still needs. Backends that share a directory with
   * etcd do it as etcd does, with a lock per segment file, so that etcd's purge leaves them alone.
   *
   * @throws IllegalStateException if this storage is not the log's writer ({@link #lock})
   * @throws io.github.jwal.WalLockedException if another process holds one of them
   */
  void hold(List<SegmentId> ids) throws IOException;

  /** Stops holding a sealed segment, so that it may be purged. Unknown ids are ignored. */
  void release(SegmentId id) throws IOException;

  /**
   * Deletes a published segment that no writer holds, durably (a purge of old segments; R8). A
   * purge is not a writer: it needs no {@link #lock}, and runs beside the writer, as etcd's does.
   *
   * @throws io.github.jwal.WalLockedException if a writer, this storage included, holds it
   * @throws java.nio.file.NoSuchFileException if it is not there
   */
  void delete(SegmentId id) throws IOException;

  /**
   * Stages the first segment of a new log, held and preallocated to the configured size, and makes
   * this storage the new log's writer, as {@link #lock} does. The log comes into existence only
   * when the returned writer is published (R3).
   *
   * @throws io.github.jwal.WalExistsException if a log already exists at the location
   * @throws io.github.jwal.WalLockedException if another storage is creating it
   */
  SegmentWriter create() throws IOException;

  /**
   * Stages the next segment for a cut: held, preallocated, empty (a stale staged file left by a
   * crash is emptied first; R4). The caller writes its head, syncs and publishes it.
   */
  SegmentWriter allocate() throws IOException;

  /**
   * Opens a held, published segment for appending at {@code offset}. The engine has checked that
   * every byte from {@code offset} to the end is zero, so the backend need not zero anything (R10).
   */
  SegmentWriter openTail(SegmentId id, long offset) throws IOException;

  /**
   * Copies a published segment's bytes, whole, durably, to a backup next to it and returns the
   * backup's name: {@code <segment>.broken} as etcd names it, or {@code <segment>.broken.N} when an
   * earlier repair's backup is there (etcd would overwrite it; R11).
   */
  String backup(SegmentId id) throws IOException;

  /**
   * Cuts a held, published segment to {@code size} bytes, durably (R11).
   *
   * @throws IllegalArgumentException if {@code size} is negative or beyond the segment's size
   */
  void truncate(SegmentId id, long size) throws IOException;

  /**
   * Releases every lock, stops background work and discards a staged segment that was never
   * published (R12). Idempotent.
   */
  @Override
  void close() throws IOException;
}
