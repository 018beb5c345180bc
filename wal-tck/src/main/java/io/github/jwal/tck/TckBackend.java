package io.github.jwal.tck;

import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What the kit needs of a backend beyond its {@link io.github.jwal.spi.LogStorageProvider}: fresh
 * locations, and a way to put bytes in place as if they had been written and synced long ago (to
 * load etcd's files, or to damage a log). {@link TckFixture} extends it with the hooks the crash and
 * failure suites need.
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
}
