package io.github.jwal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a log lives and how it is stored. Immutable; build with {@link #at(Path)}.
 *
 * <pre>{@code
 * WalOptions options = WalOptions.at(Path.of("/var/lib/app/wal")).withSegmentBytes(64_000_000);
 * }</pre>
 */
public final class WalOptions {
  /** etcd's {@code SegmentSizeBytes}. */
  public static final long DEFAULT_SEGMENT_BYTES = 64_000_000L;
  /** etcd's {@code warnSyncDuration}. */
  public static final Duration DEFAULT_SLOW_SYNC_WARNING = Duration.ofSeconds(1);

  private final Path location;
  private final @Nullable String storage;
  private final long segmentBytes;
  private final boolean unsafeNoSync;
  private final @Nullable SyncListener syncListener;
  private final Duration slowSyncWarning;

  private WalOptions(Path location, @Nullable String storage, long segmentBytes,
      boolean unsafeNoSync, @Nullable SyncListener syncListener, Duration slowSyncWarning) {
    this.location = location;
    this.storage = storage;
    this.segmentBytes = segmentBytes;
    this.unsafeNoSync = unsafeNoSync;
    this.syncListener = syncListener;
    this.slowSyncWarning = slowSyncWarning;
  }

  /** Options for the log at {@code location}, with defaults for everything else. */
  public static WalOptions at(Path location) {
    return new WalOptions(Objects.requireNonNull(location, "location"), null,
        DEFAULT_SEGMENT_BYTES, false, null, DEFAULT_SLOW_SYNC_WARNING);
  }

  /**
   * Uses the storage provider of that name ({@code "file"}, {@code "memory"}…). Without it, the
   * system property {@code jwal.storage} decides, else the provider with the highest priority.
   */
  public WalOptions withStorage(String providerName) {
    return new WalOptions(location, Objects.requireNonNull(providerName, "providerName"),
        segmentBytes, unsafeNoSync, syncListener, slowSyncWarning);
  }

  /**
   * The size segments are preallocated to and cut at (default 64,000,000 bytes, as etcd). A segment
   * is cut at the first save that finds it at or past this size, so it may exceed it by one save.
   */
  public WalOptions withSegmentBytes(long segmentBytes) {
    if (segmentBytes <= 0) {
      throw new IllegalArgumentException("segmentBytes must be positive: " + segmentBytes);
    }
    return new WalOptions(location, storage, segmentBytes, unsafeNoSync, syncListener, slowSyncWarning);
  }

  /**
   * UNSAFE, for tests only: syncs return without making anything durable, so a power loss loses
   * acknowledged writes (etcd's {@code SetUnsafeNoFsync}).
   */
  public WalOptions withUnsafeNoSync() {
    return new WalOptions(location, storage, segmentBytes, true, syncListener, slowSyncWarning);
  }

  /** Observes the latency of every sync. */
  public WalOptions withSyncListener(SyncListener listener) {
    return new WalOptions(location, storage, segmentBytes, unsafeNoSync,
        Objects.requireNonNull(listener, "listener"), slowSyncWarning);
  }

  /** Syncs slower than this are logged as a warning (default 1 s, as etcd). */
  public WalOptions withSlowSyncWarning(Duration threshold) {
    return new WalOptions(location, storage, segmentBytes, unsafeNoSync, syncListener,
        Objects.requireNonNull(threshold, "threshold"));
  }

  public Path location() {
    return location;
  }

  /** The provider name asked for, or {@code null} to choose by property and priority. */
  public @Nullable String storage() {
    return storage;
  }

  public long segmentBytes() {
    return segmentBytes;
  }

  public boolean unsafeNoSync() {
    return unsafeNoSync;
  }

  /** The listener, or {@code null}. */
  public @Nullable SyncListener syncListener() {
    return syncListener;
  }

  public Duration slowSyncWarning() {
    return slowSyncWarning;
  }

  @Override
  public String toString() {
    return "WalOptions{location=" + location + ", storage=" + storage + ", segmentBytes="
        + segmentBytes + (unsafeNoSync ? ", UNSAFE no sync" : "") + "}";
  }
}
