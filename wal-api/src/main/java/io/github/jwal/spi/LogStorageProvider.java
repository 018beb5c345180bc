package io.github.jwal.spi;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A storage backend, found with {@link java.util.ServiceLoader}. Register an implementation with
 * {@code @AutoService(LogStorageProvider.class)} (or {@code META-INF/services}) and a
 * {@code provides} clause in {@code module-info}.
 *
 * <p>The engine picks a provider by the name the caller gives, else by the system property
 * {@code jwal.storage}, else the one with the highest {@link #priority()}.
 *
 * <p>Implementations are stateless factories and thread-safe.
 */
public interface LogStorageProvider {
  /** A short unique name such as {@code file} or {@code memory}. */
  String name();

  /** Preference when the caller names no provider: the highest wins. */
  int priority();

  /**
   * Opens the storage at {@code location}. Opening neither creates nor locks anything: the log may
   * not exist yet.
   */
  LogStorage open(Path location, StorageOptions options) throws IOException;
}
