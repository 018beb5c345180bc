package io.github.jwal.tck;

import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.LogStorageProvider;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentReader;
import io.github.jwal.spi.StorageOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** Reads a backend's segments through its own provider, as the engine would. */
final class BackendFiles {
  private BackendFiles() {}

  static LogStorage open(TckBackend backend, Path location) throws IOException {
    return open(backend.provider(), location, 1 << 20);
  }

  static LogStorage open(TckBackend backend, Path location, long segmentBytes) throws IOException {
    return open(backend.provider(), location, segmentBytes);
  }

  /** The storage at {@code location} of the provider named {@code provider}, found with ServiceLoader. */
  static LogStorage open(String provider, Path location, long segmentBytes) throws IOException {
    return open(provider, location, new StorageOptions(segmentBytes, false));
  }

  static LogStorage open(String provider, Path location, StorageOptions options)
      throws IOException {
    for (LogStorageProvider candidate : ServiceLoader.load(LogStorageProvider.class)) {
      if (candidate.name().equals(provider)) {
        return candidate.open(location, options);
      }
    }
    throw new IllegalStateException("no LogStorageProvider named " + provider
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
