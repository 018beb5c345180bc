package io.github.jwal.memory;

import io.github.jwal.spi.SegmentId;
import io.github.jwal.tck.EtcdCompatibilityTck;
import io.github.jwal.tck.TckBackend;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;

class InMemoryEtcdCompatibilityTest extends EtcdCompatibilityTck {
  private static final AtomicInteger NEXT = new AtomicInteger();

  @AfterEach
  void discardVolumes() {
    InMemoryStorageProvider.discardAll();
  }

  @Override
  protected TckBackend backend() {
    return new TckBackend() {
      @Override
      public String provider() {
        return InMemoryStorageProvider.NAME;
      }

      @Override
      public Path newLocation() {
        return Path.of("/etcd-compatibility/" + NEXT.incrementAndGet());
      }

      @Override
      public void putSegment(Path location, SegmentId id, byte[] bytes) {
        InMemoryStorageProvider.volume(location).putSegment(id, bytes);
      }
    };
  }
}
