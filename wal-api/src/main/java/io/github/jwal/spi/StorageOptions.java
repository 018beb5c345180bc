package io.github.jwal.spi;

/**
 * How the engine asks a backend to store a log.
 *
 * @param segmentBytes the size to preallocate each segment to (etcd's {@code SegmentSizeBytes}); a
 *     segment may grow past it by one save
 * @param unsafeNoSync when true, {@link SegmentWriter#sync()} and the sync in
 *     {@link SegmentWriter#seal()} may do nothing: for tests only, a crash then loses acknowledged
 *     writes (etcd's {@code SetUnsafeNoFsync}). Publishing, truncating, deleting and backing up
 *     stay durable, directory syncs included, as etcd keeps its renames and directory syncs (rule
 *     R13, docs/tck-rules.md).
 */
public record StorageOptions(long segmentBytes, boolean unsafeNoSync) {
  public StorageOptions {
    if (segmentBytes <= 0) {
      throw new IllegalArgumentException("segmentBytes must be positive: " + segmentBytes);
    }
  }
}
