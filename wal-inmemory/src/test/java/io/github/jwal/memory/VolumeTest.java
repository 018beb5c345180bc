package io.github.jwal.memory;

import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentReader;
import io.github.jwal.spi.SegmentWriter;
import io.github.jwal.spi.StorageOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;

/** A fresh volume per test, discarded after it, and the steps most tests start with. */
abstract class VolumeTest {
  static final int SEGMENT_BYTES = 8192;
  static final StorageOptions OPTIONS = new StorageOptions(SEGMENT_BYTES, false);

  private static final AtomicLong LOCATIONS = new AtomicLong();

  final Path location =
      Path.of("/jwal-test", getClass().getSimpleName(), Long.toString(LOCATIONS.incrementAndGet()));
  final InMemoryVolume volume = InMemoryStorageProvider.volume(location);

  @AfterEach
  void discardVolume() {
    InMemoryStorageProvider.discard(location);
  }

  /**
   * Forgets this test's volume and returns the empty one that replaces it, for a test that loops.
   */
  InMemoryVolume freshVolume() {
    discardVolume();
    return InMemoryStorageProvider.volume(location);
  }

  LogStorage open() {
    return open(OPTIONS);
  }

  LogStorage open(StorageOptions options) {
    return new InMemoryStorageProvider().open(location, options);
  }

  /** Creates the log: the first segment, published, its writer still open. */
  static SegmentWriter createLog(LogStorage storage) throws IOException {
    SegmentWriter writer = storage.create();
    writer.sync();
    writer.publish(SegmentId.FIRST);
    return writer;
  }

  static void write(SegmentWriter writer, byte[] bytes) throws IOException {
    writer.write(bytes, 0, bytes.length);
  }

  /** Bytes that are never zero, so that a zero in a segment always means "not written". */
  static byte[] pattern(int length, int salt) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (1 + Math.floorMod(i * 31 + salt, 255));
    }
    return bytes;
  }

  static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  static byte[] readAll(SegmentReader reader) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[1000];
    for (int n; (n = reader.read(buffer, 0, buffer.length)) != -1; ) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  static byte[] readAll(LogStorage storage, SegmentId id) throws IOException {
    try (SegmentReader reader = storage.openReader(id)) {
      return readAll(reader);
    }
  }
}
