package io.github.jwal.file;

import io.github.jwal.spi.SegmentId;
import io.github.jwal.tck.Capability;
import io.github.jwal.tck.TckFixture;
import io.github.jwal.tck.WalTck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The kit on the real file system: everything but crashes and injected failures, which a real disk
 * cannot simulate, plus locking against another process.
 */
class DiskTckTest extends WalTck {
  @Override
  protected TckFixture fixture() throws IOException {
    Path root = Files.createTempDirectory("jwal-tck");
    return new TckFixture() {
      private int next;

      @Override
      public String provider() {
        return FileStorageProvider.NAME;
      }

      @Override
      public Set<Capability> capabilities() {
        return Set.of(Capability.CROSS_PROCESS_LOCKING);
      }

      @Override
      public Path newLocation() {
        return root.resolve("wal-" + (++next));
      }

      @Override
      public void putSegment(Path location, SegmentId id, byte[] bytes) throws IOException {
        Files.createDirectories(location);
        Files.write(location.resolve(id.fileName()), bytes);
      }

      @Override
      public void close() throws IOException {
        FileTrees.delete(root);
      }
    };
  }
}
