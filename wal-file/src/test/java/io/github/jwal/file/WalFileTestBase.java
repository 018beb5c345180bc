package io.github.jwal.file;

import io.github.jwal.Entry;
import io.github.jwal.Snapshot;
import io.github.jwal.Wal;
import io.github.jwal.WalContents;
import io.github.jwal.WalOptions;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * Engine-level tests on the file backend: logs opened through {@link Wal} with the {@code file}
 * provider, on the default filesystem or Jimfs, closed after each test.
 */
abstract class WalFileTestBase extends StorageTestBase {
  private final List<Wal> wals = new ArrayList<>();

  @AfterEach
  void closeWals() throws IOException {
    for (Wal wal : wals) {
      wal.close();
    }
  }

  /**
   * Options for the log in {@code dir} on the file backend, with {@link #SEGMENT_BYTES} segments.
   */
  static WalOptions options(Path dir) {
    return WalOptions.at(dir).withStorage(FileStorageProvider.NAME).withSegmentBytes(SEGMENT_BYTES);
  }

  Wal track(Wal wal) {
    wals.add(wal);
    return wal;
  }

  Wal create(WalOptions options, byte[] metadata) throws IOException {
    return track(Wal.create(options, metadata));
  }

  /** Opens for writing at {@code snapshot} and reads everything, ready to append. */
  Wal reopen(WalOptions options, Snapshot snapshot) throws IOException {
    Wal wal = track(Wal.open(options, snapshot));
    wal.readAll();
    return wal;
  }

  static WalContents readOnly(WalOptions options, Snapshot snapshot) throws IOException {
    try (Wal wal = Wal.openForRead(options, snapshot)) {
      return wal.readAll();
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** One entry per index {@code from..to}, each with a payload naming it. */
  static List<Entry> entries(long term, long from, long to) {
    List<Entry> entries = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      entries.add(Entry.of(term, i, bytes("entry " + i + " of term " + term)));
    }
    return entries;
  }

  /** One entry of {@code size} patterned payload bytes. */
  static Entry entry(long term, long index, int size) {
    byte[] data = new byte[size];
    for (int b = 0; b < size; b++) {
      data[b] = (byte) (index * 31 + b);
    }
    return Entry.of(term, index, data);
  }

  static List<Long> indexes(List<Entry> entries) {
    return entries.stream().map(Entry::index).toList();
  }

  static Path segmentPath(Path dir, SegmentId id) {
    return dir.resolve(id.fileName());
  }

  /** The names of the segment files in {@code dir}, in order. */
  static List<String> segmentNames(Path dir) throws IOException {
    return names(dir).stream().filter(name -> SegmentId.parse(name).isPresent()).toList();
  }

  /** The last segment file in {@code dir}. */
  static Path lastSegment(Path dir) throws IOException {
    List<String> segments = segmentNames(dir);
    return dir.resolve(segments.get(segments.size() - 1));
  }

  static List<SegmentFrames.Frame> frames(Path segment) throws IOException {
    return SegmentFrames.of(Files.readAllBytes(segment));
  }

  static boolean allZero(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
