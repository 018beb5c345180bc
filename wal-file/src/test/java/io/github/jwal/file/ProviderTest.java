package io.github.jwal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.spi.LogStorageProvider;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.StorageOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProviderTest extends StorageTestBase {

  @AfterEach
  void clearProperty() {
    System.clearProperty(Preallocation.PROPERTY);
  }

  @Test
  void theServiceLoaderFindsTheFileProvider() {
    List<LogStorageProvider> providers =
        ServiceLoader.load(LogStorageProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("file"))
            .toList();

    assertEquals(1, providers.size());
    assertEquals(100, providers.get(0).priority());
  }

  @Test
  void thePropertyChoosesThePreallocation() throws IOException {
    System.setProperty(Preallocation.PROPERTY, "None");

    FileLogStorage storage = open(tempDir.resolve("wal"), new FileStorageProvider());
    createLog(storage, "head");

    assertEquals(4, Files.size(tempDir.resolve("wal").resolve(SegmentId.FIRST.fileName())));
  }

  @Test
  void anUnknownPreallocationIsRefusedNamingTheProperty() {
    System.setProperty(Preallocation.PROPERTY, "fallocate");

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new FileStorageProvider().open(tempDir, new StorageOptions(1, false)));
    assertTrue(e.getMessage().contains(Preallocation.PROPERTY), e.getMessage());
  }

  @Test
  void preallocationNamesParseInAnyCase() {
    assertEquals(Preallocation.ZERO, Preallocation.parse("zero"));
    assertEquals(Preallocation.SPARSE, Preallocation.parse(" SPARSE "));
    assertEquals(Preallocation.NONE, Preallocation.parse("None"));
  }

  private FileLogStorage open(Path dir, FileStorageProvider provider) throws IOException {
    return track((FileLogStorage) provider.open(dir, new StorageOptions(SEGMENT_BYTES, false)));
  }
}
