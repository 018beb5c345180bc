package io.github.jwal;

import io.github.jwal.spi.LogStorageProvider;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Where a log lives and how it is stored. Immutable; build with {@link #at(Path)} or {@link
 * #at(URI)}.
 *
 * <pre>{@code
 * WalOptions local = WalOptions.at(Path.of("/var/lib/app/wal")).withSegmentBytes(64_000_000);
 * WalOptions replicated = WalOptions.at(URI.create("bookkeeper://zk1:2181,zk2:2181/jwal/orders"))
 *     .withProperty("bookkeeper.password", secret);
 * }</pre>
 */
public final class WalOptions {
  /** etcd's {@code SegmentSizeBytes}. */
  public static final long DEFAULT_SEGMENT_BYTES = 64_000_000L;

  /** etcd's {@code warnSyncDuration}. */
  public static final Duration DEFAULT_SLOW_SYNC_WARNING = Duration.ofSeconds(1);

  /** The location when it is a path; {@code null} when it is {@link #uri}. */
  private final @Nullable Path path;

  /** The location when it is not a path; {@code null} when it is {@link #path}. */
  private final @Nullable URI uri;

  private final @Nullable String storage;
  private final long segmentBytes;
  private final boolean unsafeNoSync;
  private final @Nullable SyncListener syncListener;
  private final Duration slowSyncWarning;
  private final SortedMap<String, String> properties;

  private WalOptions(
      @Nullable Path path,
      @Nullable URI uri,
      @Nullable String storage,
      long segmentBytes,
      boolean unsafeNoSync,
      @Nullable SyncListener syncListener,
      Duration slowSyncWarning,
      SortedMap<String, String> properties) {
    this.path = path;
    this.uri = uri;
    this.storage = storage;
    this.segmentBytes = segmentBytes;
    this.unsafeNoSync = unsafeNoSync;
    this.syncListener = syncListener;
    this.slowSyncWarning = slowSyncWarning;
    this.properties = properties;
  }

  /** Options for the log at {@code location}, with defaults for everything else. */
  public static WalOptions at(Path location) {
    return new WalOptions(
        Objects.requireNonNull(location, "location"),
        null,
        null,
        DEFAULT_SEGMENT_BYTES,
        false,
        null,
        DEFAULT_SLOW_SYNC_WARNING,
        new TreeMap<>());
  }

  /**
   * Options for the log at a URI, for backends whose logs are not paths: the scheme names the kind
   * of storage ({@code bookkeeper://zk-host:2181/jwal/orders}), and the provider that opens it is
   * chosen among those that claim the scheme ({@link LogStorageProvider#schemes}). A {@code file:}
   * URI is the same as {@link #at(Path)} with its path.
   *
   * @throws IllegalArgumentException if the URI has no scheme, or is a {@code file:} URI that names
   *     no path
   */
  public static WalOptions at(URI location) {
    Objects.requireNonNull(location, "location");
    String scheme = location.getScheme();
    if (scheme == null) {
      throw new IllegalArgumentException(
          "a location URI needs a scheme, such as bookkeeper: " + location);
    }
    if (scheme.toLowerCase(Locale.ROOT).equals(LogStorageProvider.PATH_SCHEME)) {
      return at(Path.of(location));
    }
    return new WalOptions(
        null,
        location,
        null,
        DEFAULT_SEGMENT_BYTES,
        false,
        null,
        DEFAULT_SLOW_SYNC_WARNING,
        new TreeMap<>());
  }

  /**
   * Uses the storage provider of that name ({@code "file"}, {@code "memory"}…), which must open
   * this kind of location. Without it, the system property {@code jwal.storage} decides, else the
   * provider with the highest priority among those that open it.
   */
  public WalOptions withStorage(String providerName) {
    return new WalOptions(
        path,
        uri,
        Objects.requireNonNull(providerName, "providerName"),
        segmentBytes,
        unsafeNoSync,
        syncListener,
        slowSyncWarning,
        properties);
  }

  /**
   * The size segments are preallocated to and cut at (default 64,000,000 bytes, as etcd). A segment
   * is cut at the first save that finds it at or past this size, so it may exceed it by one save.
   */
  public WalOptions withSegmentBytes(long segmentBytes) {
    if (segmentBytes <= 0) {
      throw new IllegalArgumentException("segmentBytes must be positive: " + segmentBytes);
    }
    return new WalOptions(
        path, uri, storage, segmentBytes, unsafeNoSync, syncListener, slowSyncWarning, properties);
  }

  /**
   * UNSAFE, for tests only: syncs return without making anything durable, so a power loss loses
   * acknowledged writes (etcd's {@code SetUnsafeNoFsync}).
   */
  public WalOptions withUnsafeNoSync() {
    return new WalOptions(
        path, uri, storage, segmentBytes, true, syncListener, slowSyncWarning, properties);
  }

  /** Observes the latency of every sync. */
  public WalOptions withSyncListener(SyncListener listener) {
    return new WalOptions(
        path,
        uri,
        storage,
        segmentBytes,
        unsafeNoSync,
        Objects.requireNonNull(listener, "listener"),
        slowSyncWarning,
        properties);
  }

  /** Syncs slower than this are logged as a warning (default 1 s, as etcd). */
  public WalOptions withSlowSyncWarning(Duration threshold) {
    return new WalOptions(
        path,
        uri,
        storage,
        segmentBytes,
        unsafeNoSync,
        syncListener,
        Objects.requireNonNull(threshold, "threshold"),
        properties);
  }

  /**
   * Sets a backend property, replacing an earlier value of the key. Keys are namespaced by the
   * provider's name ({@code bookkeeper.ensembleSize}); a provider refuses keys of its namespace it
   * does not know and passes over the others (see {@link io.github.jwal.spi.StorageOptions}).
   * Values may be secrets: {@link #toString()} shows the keys only.
   *
   * @throws IllegalArgumentException if the key is empty
   */
  public WalOptions withProperty(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("a property key must not be empty");
    }
    SortedMap<String, String> more = new TreeMap<>(properties);
    more.put(key, value);
    return new WalOptions(
        path, uri, storage, segmentBytes, unsafeNoSync, syncListener, slowSyncWarning, more);
  }

  /** Sets every property of {@code more}, as {@link #withProperty} does each. */
  public WalOptions withProperties(Map<String, String> more) {
    WalOptions options = this;
    for (Map.Entry<String, String> property : new TreeMap<>(more).entrySet()) {
      options = options.withProperty(property.getKey(), property.getValue());
    }
    return options;
  }

  /**
   * The location's path.
   *
   * @throws IllegalStateException if the location is a URI that is not a path ({@link #isPath()}):
   *     use {@link #uri()}
   */
  public Path location() {
    Path p = path;
    if (p == null) {
      throw new IllegalStateException("the location " + uri + " is not a path: use uri()");
    }
    return p;
  }

  /**
   * The location as a URI: the one given to {@link #at(URI)}, or the path's {@link Path#toUri()}.
   */
  public URI uri() {
    Path p = path;
    return p != null ? p.toUri() : Objects.requireNonNull(uri, "uri");
  }

  /**
   * Whether the location is a path: made with {@link #at(Path)}, or {@link #at(URI)} of a file URI.
   */
  public boolean isPath() {
    return path != null;
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

  /** The backend properties, by key, unmodifiable. */
  public Map<String, String> properties() {
    return Collections.unmodifiableSortedMap(properties);
  }

  @Override
  public String toString() {
    return "WalOptions{location="
        + (path != null ? path : uri)
        + ", storage="
        + storage
        + ", segmentBytes="
        + segmentBytes
        + (unsafeNoSync ? ", UNSAFE no sync" : "")
        + (properties.isEmpty() ? "" : ", properties=" + properties.keySet())
        + "}";
  }
}
