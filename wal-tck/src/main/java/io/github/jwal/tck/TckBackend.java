package io.github.jwal.tck;

import io.github.jwal.WalOptions;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What the kit needs of a backend beyond its {@link io.github.jwal.spi.LogStorageProvider}: fresh
 * locations, and a way to put bytes in place as if they had been written and synced long ago (to
 * load etcd's files, or to damage a log). {@link TckFixture} extends it with the hooks the crash
 * and failure suites need.
 *
 * <p>The kit names locations with {@link Path}s. For a backend of paths they are the locations; a
 * backend whose logs live elsewhere (at URIs) treats them as keys and says in {@link #options}
 * where each one is.
 */
public interface TckBackend {
  /** The provider's name, as {@link io.github.jwal.WalOptions#withStorage} takes it. */
  String provider();

  /** A location no log has used, for one test. */
  Path newLocation() throws IOException;

  /**
   * Makes {@code bytes} the durable, published contents of segment {@code id} at {@code location},
   * replacing what was there. Called only while no storage has the location open.
   */
  void putSegment(Path location, SegmentId id, byte[] bytes) throws IOException;

  /**
   * Where the log at {@code location} is, with the backend properties it needs: the kit adds the
   * provider and the segment size, and opens storages at the same place with the same properties.
   * Default: {@code WalOptions.at(location)}. A backend of URIs returns {@code WalOptions.at(uri)}
   * with its properties (credentials, quorum sizes). These options also reach the JVM the kit
   * starts for {@link Capability#CROSS_PROCESS_LOCKING}, on its command line: keep secrets of
   * production systems out of them.
   */
  default WalOptions options(Path location) {
    return WalOptions.at(location);
  }
}
