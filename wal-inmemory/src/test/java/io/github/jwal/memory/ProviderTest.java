package io.github.jwal.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.LogStorageProvider;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ProviderTest extends VolumeTest {
  private static final byte[] DATA = pattern(100, 10);

  @Test
  void serviceLoaderFindsTheProviderByNameMemory() {
    List<LogStorageProvider> memory =
        ServiceLoader.load(LogStorageProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(provider -> provider.name().equals("memory"))
            .toList();

    assertEquals(1, memory.size());
    assertInstanceOf(InMemoryStorageProvider.class, memory.get(0));
  }

  @Test
  void itsPriorityIsBelowTheFileBackends() {
    assertEquals(10, new InMemoryStorageProvider().priority());
  }

  @Test
  void equivalentPathsShareOneVolume() {
    Path roundabout = location.resolve("../" + location.getFileName() + "/./");

    assertSame(volume, InMemoryStorageProvider.volume(roundabout));
  }

  @Test
  void aLogWrittenThroughOneStorageIsReadThroughTheNext() throws IOException {
    try (LogStorage storage = open()) {
      var writer = createLog(storage);
      write(writer, DATA);
      writer.seal();
    }

    try (LogStorage next = open()) {
      assertArrayEquals(DATA, readAll(next, SegmentId.FIRST));
    }
  }

  @Test
  void discardForgetsTheVolume() throws IOException {
    volume.putSegment(SegmentId.FIRST, DATA);

    InMemoryStorageProvider.discard(location);

    InMemoryVolume fresh = InMemoryStorageProvider.volume(location);
    assertNotSame(volume, fresh);
    assertEquals(List.of(), fresh.segments());
  }

  @Test
  void discardKillsTheStoragesOpenOnTheVolume() throws IOException {
    LogStorage storage = open();

    InMemoryStorageProvider.discard(location);

    var dead = assertThrows(IOException.class, storage::segments);
    assertTrue(dead.getMessage().contains("discarded"), dead.getMessage());
  }

  @Test
  void discardAllForgetsEveryVolume() {
    Path elsewhere = location.resolveSibling(location.getFileName() + "-other");
    InMemoryVolume other = InMemoryStorageProvider.volume(elsewhere);
    other.putSegment(SegmentId.FIRST, DATA);
    volume.putSegment(SegmentId.FIRST, DATA);

    InMemoryStorageProvider.discardAll();

    assertEquals(List.of(), InMemoryStorageProvider.volume(location).segments());
    assertEquals(List.of(), InMemoryStorageProvider.volume(elsewhere).segments());
    InMemoryStorageProvider.discard(elsewhere);
  }
}
