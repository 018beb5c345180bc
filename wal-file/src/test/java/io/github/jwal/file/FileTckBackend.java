package io.github.jwal.file;

import io.github.jwal.spi.SegmentId;
import io.github.jwal.tck.TckBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** The file backend as the kit sees it: logs in directories under {@code root}. */
final class FileTckBackend implements TckBackend {
  private final Path root;
  private static final AtomicInteger NEXT = new AtomicInteger();

  FileTckBackend(Path root) {
    this.root = root;
  }

  @Override
  public String provider() {
    return FileStorageProvider.NAME;
  }

  @Override
  public Path newLocation() {
    return root.resolve("wal-" + NEXT.incrementAndGet());
  }

  @Override
  public void putSegment(Path location, SegmentId id, byte[] bytes) throws IOException {
    Files.createDirectories(location);
    Files.write(location.resolve(id.fileName()), bytes);
  }
}
