package io.github.jwal;

import io.github.jwal.memory.InMemoryStorageProvider;
import io.github.jwal.memory.InMemoryVolume;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Logs on the in-memory backend for engine tests: a fresh location per call, and small builders.
 */
final class TestLogs {
  private static final AtomicInteger NEXT = new AtomicInteger();

  private TestLogs() {}

  /** Options for a new, empty in-memory location. */
  static WalOptions freshOptions() {
    return WalOptions.at(Path.of("/memory-tests/log-" + NEXT.incrementAndGet()))
        .withStorage("memory");
  }

  static InMemoryVolume volume(WalOptions options) {
    return InMemoryStorageProvider.volume(options.location());
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Entries {@code from..to} (inclusive) of {@code term}, each with a payload naming it. */
  static List<Entry> entries(long term, long from, long to) {
    List<Entry> entries = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      entries.add(Entry.of(term, i, bytes("entry " + i + " of term " + term)));
    }
    return entries;
  }

  /** Entries of {@code size} payload bytes each. */
  static List<Entry> entries(long term, long from, long to, int size) {
    List<Entry> entries = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      byte[] data = new byte[size];
      for (int b = 0; b < size; b++) {
        data[b] = (byte) (i * 31 + b);
      }
      entries.add(Entry.of(term, i, data));
    }
    return entries;
  }

  static List<Long> indexes(List<Entry> entries) {
    return entries.stream().map(Entry::index).toList();
  }

  /** Opens for writing at {@code snapshot} and reads all. */
  static Wal reopen(WalOptions options, Snapshot snapshot) throws Exception {
    Wal wal = Wal.open(options, snapshot);
    wal.readAll();
    return wal;
  }

  static WalContents readOnly(WalOptions options, Snapshot snapshot) throws Exception {
    try (Wal wal = Wal.openForRead(options, snapshot)) {
      return wal.readAll();
    }
  }
}
