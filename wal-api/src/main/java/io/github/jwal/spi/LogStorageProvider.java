package io.github.jwal.spi;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * A storage backend, found with {@link java.util.ServiceLoader}. Register an implementation with
 * {@code @AutoService(LogStorageProvider.class)} (or {@code META-INF/services}) and a {@code
 * provides} clause in {@code module-info}.
 *
 * <p>A location is a {@link Path} (a directory, or a key such as the in-memory backend's) or a
 * {@link URI} whose scheme names the kind of storage ({@code bookkeeper://zk:2181/logs/orders}). A
 * provider says which it opens in {@link #schemes()}. The engine picks, among the providers that
 * open the location's kind, the one the caller names, else the one the system property {@code
 * jwal.storage} names (a property naming a provider of another kind is passed over, so that one
 * setting serves a process that opens both), else the one with the highest {@link #priority()}.
 *
 * <p>Implementations are stateless factories and thread-safe.
 */
public interface LogStorageProvider {
  /** The scheme that stands for {@link Path} locations in {@link #schemes()}. */
  String PATH_SCHEME = "file";

  /** A short unique name such as {@code file} or {@code memory}. */
  String name();

  /** Preference when the caller names no provider: the highest wins. */
  int priority();

  /**
   * The kinds of location this provider opens, as lower-case URI schemes: {@value #PATH_SCHEME} for
   * {@link Path}s ({@link #open(Path, StorageOptions)}), any other for URIs of that scheme ({@link
   * #open(URI, StorageOptions)}). Default: paths only.
   */
  default Set<String> schemes() {
    return Set.of(PATH_SCHEME);
  }

  /**
   * What this backend's storage does as a local file system does, where it may differ (see {@link
   * StorageCapability}). Default: everything, as files do.
   */
  default Set<StorageCapability> capabilities() {
    return EnumSet.allOf(StorageCapability.class);
  }

  /**
   * Opens the storage at {@code location}. Opening neither creates nor locks anything: the log may
   * not exist yet.
   *
   * @throws IllegalArgumentException if this provider opens no paths ({@link #schemes()})
   */
  LogStorage open(Path location, StorageOptions options) throws IOException;

  /**
   * Opens the storage at a URI location of one of this provider's {@link #schemes()}, as {@link
   * #open(Path, StorageOptions)} does a path: nothing is created or locked. Default: refuses, for
   * providers of paths only.
   *
   * @throws IllegalArgumentException if the URI is not one this provider opens, or is malformed for
   *     it
   */
  default LogStorage open(URI location, StorageOptions options) throws IOException {
    throw new IllegalArgumentException(
        "the " + name() + " storage opens no URI locations: " + location);
  }
}
