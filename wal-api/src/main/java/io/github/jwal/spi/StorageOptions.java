package io.github.jwal.spi;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How the engine asks a backend to store a log.
 *
 * @param segmentBytes the size to preallocate each segment to (etcd's {@code SegmentSizeBytes}); a
 *     segment may grow past it by one save
 * @param unsafeNoSync when true, {@link SegmentWriter#sync()} and the sync in {@link
 *     SegmentWriter#seal()} may do nothing: for tests only, a crash then loses acknowledged writes
 *     (etcd's {@code SetUnsafeNoFsync}). Publishing, truncating, deleting and backing up stay
 *     durable, directory syncs included, as etcd keeps its renames and directory syncs (rule R13,
 *     docs/tck-rules.md).
 * @param properties backend settings by key (quorum sizes, credentials, timeouts), as the caller
 *     gave them ({@code io.github.jwal.WalOptions#withProperty}). A provider reads the keys that
 *     start with its {@linkplain LogStorageProvider#name() name} and a dot ({@code
 *     bookkeeper.ensembleSize}) and refuses, with {@link IllegalArgumentException}, such a key it
 *     does not know; the other keys are not its business. Values may be secrets: {@link
 *     #toString()} shows the keys only.
 */
public record StorageOptions(
    long segmentBytes, boolean unsafeNoSync, Map<String, String> properties) {
  public StorageOptions {
    if (segmentBytes <= 0) {
      throw new IllegalArgumentException("segmentBytes must be positive: " + segmentBytes);
    }
    properties = Map.copyOf(Objects.requireNonNull(properties, "properties"));
  }

  /** Options without backend properties. */
  public StorageOptions(long segmentBytes, boolean unsafeNoSync) {
    this(segmentBytes, unsafeNoSync, Map.of());
  }

  @Override
  public String toString() {
    return "StorageOptions[segmentBytes="
        + segmentBytes
        + ", unsafeNoSync="
        + unsafeNoSync
        + ", properties="
        + new TreeMap<>(properties).keySet()
        + "]";
  }
}
