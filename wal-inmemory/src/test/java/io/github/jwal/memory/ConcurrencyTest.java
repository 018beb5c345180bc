package io.github.jwal.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrencyTest extends VolumeTest {
  private static final byte[] ALL = pattern(200_000, 11);

  @Test
  void whileAWriterAppendsInAnotherThreadReadersSeeOnlyItsBytesOrZeros() throws Exception {
    try (LogStorage storage = open()) {
      SegmentWriter writer = createLog(storage);
      CompletableFuture<Void> appending = CompletableFuture.runAsync(() -> append(writer));

      do {
        byte[] snapshot = volume.contents(SegmentId.FIRST);
        assertArrayEquals(Arrays.copyOf(ALL, snapshot.length), snapshot, "not a prefix");
        // A reader reads the live segment chunk by chunk, as a file is read: a chunk read early
        // may still hold preallocated zeros where a later chunk already holds data.
        byte[] read = readAll(storage, SegmentId.FIRST);
        for (int i = 0; i < Math.min(read.length, ALL.length); i++) {
          assertTrue(read[i] == ALL[i] || read[i] == 0, "byte " + i + " was never written");
        }
      } while (!appending.isDone());

      appending.get(10, TimeUnit.SECONDS);
      assertArrayEquals(ALL, volume.contents(SegmentId.FIRST));
    }
  }

  private static void append(SegmentWriter writer) {
    try {
      for (int off = 0; off < ALL.length; off += 1000) {
        writer.write(ALL, off, 1000);
        writer.sync();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
