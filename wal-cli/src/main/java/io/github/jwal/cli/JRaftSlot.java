package io.github.jwal.cli;

import io.github.jwal.Entry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What one etcd entry of a sofa-jraft log holds, as wal-jraft's {@code WalLogStorage} writes it:
 * jraft entry {@code i} is etcd entry {@code i + 1}, its data jraft's V2 encoding; an etcd entry
 * with no data is a hole, an index an append skipped. Dump and verify read entries this way only
 * when the log's metadata is {@code WalLogStorage}'s, so an etcd log is never mistaken for one.
 */
sealed interface JRaftSlot permits JRaftEntry, JRaftSlot.Hole, JRaftSlot.Unreadable {
  /** {@code WalLogStorage.METADATA}, which wal-jraft's tests check against this. */
  String LOG_METADATA = "sofa-jraft LogEntry V2";

  /** Whether a log with this metadata (perhaps {@code null}) is a jraft node's. */
  static boolean isJRaftLog(byte[] metadata) {
    return Arrays.equals(metadata, LOG_METADATA.getBytes(StandardCharsets.US_ASCII));
  }

  /** The etcd entry read as a jraft log's. */
  static JRaftSlot of(Entry etcd) {
    return etcd.dataLength() == 0 ? Hole.INSTANCE : JRaftEntryDecoder.decode(etcd.data());
  }

  /** The index jraft would read {@code etcd} at. */
  static long position(Entry etcd) {
    return etcd.index() - 1;
  }

  /** Dump's text for the entry: replaces the data preview of an etcd log's entry. */
  String text(Entry etcd);

  /** Dump's JSON object for the entry, the value of its {@code jraft} field. */
  String json(Entry etcd);

  /** An index the log holds no jraft entry at: jraft reads it as absent. */
  enum Hole implements JRaftSlot {
    INSTANCE;

    @Override
    public String text(Entry etcd) {
      return "jraft index " + position(etcd) + ": hole, no entry";
    }

    @Override
    public String json(Entry etcd) {
      return "{\"index\": " + position(etcd) + ", \"hole\": true}";
    }
  }

  /**
   * Data that is not a jraft V2 entry: jraft's log manager would report the entry as corrupted.
   *
   * @param reason what in the bytes is not jraft's, and where
   */
  record Unreadable(String reason) implements JRaftSlot {
    @Override
    public String text(Entry etcd) {
      return "not a jraft V2 entry (" + reason + "): " + DataPreview.of(etcd.data());
    }

    @Override
    public String json(Entry etcd) {
      return "{\"index\": " + position(etcd) + ", \"error\": " + Json.string(reason) + "}";
    }
  }
}
