package io.github.jwal.tck;

import io.github.jwal.WalOptions;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.LogStorageProvider;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentReader;
import io.github.jwal.spi.StorageCapability;
import io.github.jwal.spi.StorageOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/** Reads a backend's segments through its own provider, as the engine would. */
final class BackendFiles {
  private BackendFiles() {}

  static LogStorage open(TckBackend backend, Path location) throws IOException {
    return open(backend, location, new StorageOptions(1 << 20, false));
  }

  static LogStorage open(TckBackend backend, Path location, long segmentBytes) throws IOException {
    return open(backend, location, new StorageOptions(segmentBytes, false));
  }

  /**
   * The backend's storage at {@code location}, with these options and the location's properties.
   */
  static LogStorage open(TckBackend backend, Path location, StorageOptions options)
      throws IOException {
    return open(backend.provider(), backend.options(location), options);
  }

  /**
   * The storage of the provider named {@code provider}, found with ServiceLoader, where {@code
   * where} points (a path or a URI), with {@code options} and {@code where}'s properties.
   */
  static LogStorage open(String provider, WalOptions where, StorageOptions options)
      throws IOException {
    StorageOptions withProperties =
        new StorageOptions(options.segmentBytes(), options.unsafeNoSync(), where.properties());
    LogStorageProvider found = provider(provider);
    return where.isPath()
        ? found.open(where.location(), withProperties)
        : found.open(where.uri(), withProperties);
  }

  /** What the backend's storage does as files do: the outcomes the kit may expect of it. */
  static Set<StorageCapability> capabilities(TckBackend backend) {
    return provider(backend.provider()).capabilities();
  }

  private static LogStorageProvider provider(String name) {
    for (LogStorageProvider candidate : ServiceLoader.load(LogStorageProvider.class)) {
      if (candidate.name().equals(name)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "no LogStorageProvider named "
            + name
            + " on the class path: register it with ServiceLoader (META-INF/services)");
  }

  /** Every published segment's whole contents, preallocated zeros included. */
  static Map<SegmentId, byte[]> segments(TckBackend backend, Path location) throws IOException {
    Map<SegmentId, byte[]> segments = new LinkedHashMap<>();
    try (LogStorage storage = open(backend, location)) {
      for (SegmentId id : storage.segments()) {
        segments.put(id, read(storage, id));
      }
    }
    return segments;
  }

  static byte[] read(LogStorage storage, SegmentId id) throws IOException {
    try (SegmentReader reader = storage.openReader(id)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(reader.size(), 1 << 24));
      byte[] chunk = new byte[64 * 1024];
      int n;
      while ((n = reader.read(chunk, 0, chunk.length)) >= 0) {
        out.write(chunk, 0, n);
      }
      return out.toByteArray();
    }
  }
}
