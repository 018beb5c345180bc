package io.github.jwal.cli;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes logs laid out as wal-jraft's, from hand-built encodings: etcd entry i + 1, term 1. */
final class JRaftLogs {
  static final byte[] METADATA = JRaftSlot.LOG_METADATA.getBytes(StandardCharsets.US_ASCII);

  private JRaftLogs() {}

  /** An entry of term 1 at jraft index {@code index}, as jraft's encoder writes one. */
  static byte[] data(int index, String payload) {
    return JRaftBytes.header().varint(1, 2).varint(2, 1).varint(3, index).bytes(6, payload).build();
  }

  /**
   * A log in {@code dir} with these entries' data (null for a hole), from jraft index 0.
   *
   * @param metadata the log's metadata: {@link #METADATA} for a jraft node's
   */
  static Path write(Path dir, byte[] metadata, byte[]... data) throws IOException {
    return write(dir, metadata, 0, data);
  }

  /**
   * As {@link #write(Path, byte[], byte[]...)} from jraft index {@code first}: past 0, the log is
   * first compacted to just before it, as {@code WalLogStorage} starts a node's log at index 1.
   */
  static Path write(Path dir, byte[] metadata, int first, byte[]... data) throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < data.length; i++) {
      entries.add(Entry.of(1, first + i + 1, data[i]));
    }
    try (Wal wal = Wal.create(WalOptions.at(dir).withStorage("file"), metadata)) {
      if (first > 0) {
        wal.compact(Snapshot.of(first, 0));
      }
      wal.save(new HardState(1, 1, first + data.length), entries);
    }
    return dir;
  }
}
