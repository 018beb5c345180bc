package io.github.jwal.bench;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.codec.RecordEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** Where benchmark logs live, and the saves they make. */
final class BenchLogs {
  /** The directory for logs and floor files: {@code -Djwal.bench.dir}, default {@code /tmp}. */
  static final Path DIR = Path.of(System.getProperty("jwal.bench.dir", "/tmp"));

  private BenchLogs() {}

  static Path newDirectory(String prefix) throws IOException {
    Files.createDirectories(DIR);
    return Files.createTempDirectory(DIR, prefix);
  }

  /** {@code count} entries of {@code size} random bytes, indexes from {@code firstIndex}. */
  static List<Entry> entries(long firstIndex, int count, int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Entry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] data = new byte[size];
      random.nextBytes(data);
      entries.add(Entry.of(1, firstIndex + i, data));
    }
    return entries;
  }

  /** The bytes one save of these entries and a hard state puts in the log: frames included. */
  static int savedBytes(List<Entry> entries, HardState state) {
    RecordEncoder encoder = new RecordEncoder(0x12345678, 0);
    for (Entry entry : entries) {
      encoder.appendEntry(entry.type().number(), entry.term(), entry.index(), entry.data());
    }
    encoder.appendState(state.term(), state.vote(), state.commit());
    return encoder.size();
  }

  static void deleteTree(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
