package io.github.jwal.memory;

import com.google.auto.service.AutoService;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.LogStorageProvider;
import io.github.jwal.spi.StorageOptions;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The {@code memory} storage backend: logs held in this process's memory, with a durability model
 * that a test can crash ({@link InMemoryVolume#crash}). Put it on the test class path instead of
 * the file backend, or name it ({@code memory}) where a provider is chosen.
 *
 * <p>A location is only a key: its absolute, normalized form names a volume in a registry shared by
 * the whole process. Nothing touches the file system. Every storage opened at one location shares
 * that location's volume, so a log written, crashed and reopened is the same log. Volumes live
 * until {@link #discard} or {@link #discardAll}; tests call one of them when they finish.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
@AutoService(LogStorageProvider.class)
public final class InMemoryStorageProvider implements LogStorageProvider {
  /** The name to select this backend by. */
  public static final String NAME = "memory";

  /** Below a file backend's, so that a file backend on the class path wins when none is named. */
  public static final int PRIORITY = 10;

  private static final ConcurrentMap<String, InMemoryVolume> VOLUMES = new ConcurrentHashMap<>();

  /** For {@link java.util.ServiceLoader}; the volumes are shared by every instance. */
  public InMemoryStorageProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return PRIORITY;
  }

  /** Opens a storage on the location's volume, creating the volume empty if it is new. */
  @Override
  public LogStorage open(Path location, StorageOptions options) {
    Objects.requireNonNull(options, "options");
    return new InMemoryLogStorage(volume(location), options);
  }

  /** The volume at {@code location}, created empty on first use. */
  public static InMemoryVolume volume(Path location) {
    String key = key(location);
    return VOLUMES.computeIfAbsent(key, InMemoryVolume::new);
  }

  /**
   * Forgets the volume at {@code location}, if any: the next use starts empty. Storages, writers
   * and readers still open on it are dead from then on, as after a crash.
   */
  public static void discard(Path location) {
    InMemoryVolume volume = VOLUMES.remove(key(location));
    if (volume != null) {
      bury(volume);
    }
  }

  /** Forgets every volume, as {@link #discard} does each. */
  public static void discardAll() {
    for (String key : VOLUMES.keySet()) {
      InMemoryVolume volume = VOLUMES.remove(key);
      if (volume != null) {
        bury(volume);
      }
    }
  }

  private static void bury(InMemoryVolume volume) {
    synchronized (volume.mutex) {
      volume.kill("the in-memory volume at " + volume.location() + " was discarded");
    }
  }

  private static String key(Path location) {
    return Objects.requireNonNull(location, "location").toAbsolutePath().normalize().toString();
  }
}
