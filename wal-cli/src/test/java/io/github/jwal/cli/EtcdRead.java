package io.github.jwal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One read etcd's harness made of a fixture: the snapshot it opened at, what {@code OpenForRead} +
 * {@code ReadAll} returned, and what the write-mode {@code Open} + {@code ReadAll} returned.
 */
record EtcdRead(String fixture, JsonNode snapshot, JsonNode readMode, JsonNode writeMode) {
  /**
   * Every read the fixtures record: each at its snapshot, and the extra snapshots some were opened
   * at.
   */
  static Stream<EtcdRead> all() {
    List<EtcdRead> reads = new ArrayList<>();
    for (String name : Fixtures.names()) {
      JsonNode expected = Fixtures.expected(name);
      reads.add(
          new EtcdRead(name, expected.get("snapshot"), expected.get("openForRead"), expected));
      if (expected.has("alsoOpenedAt")) {
        for (JsonNode at : expected.get("alsoOpenedAt")) {
          JsonNode open = at.get("open");
          JsonNode read = at.has("openForRead") ? at.get("openForRead") : open;
          reads.add(new EtcdRead(name, at.get("snapshot"), read, open));
        }
      }
    }
    return reads.stream();
  }

  String index() {
    return snapshot.get("index").asText();
  }

  String term() {
    return snapshot.get("term").asText();
  }

  /** etcd's error in read mode, or {@code null}. */
  String readModeError() {
    return name(readMode.get("errorName"));
  }

  /**
   * The errorKind jwal's dump must report: etcd's read-mode error by jwal's name for it, except
   * that jwal also reports the torn tail etcd's read mode passes over silently (its write mode
   * reports it).
   */
  String expectedErrorKind() {
    String error = readModeError();
    if (error == null) {
      return "io.ErrUnexpectedEOF".equals(name(writeMode.get("errorName"))) ? "torn-tail" : null;
    }
    return switch (error) {
      case "io.ErrUnexpectedEOF" -> "torn-tail";
      case "walpb.ErrCRCMismatch", "wal.ErrCRCMismatch" -> "crc-mismatch";
      case "wal.ErrSnapshotMismatch" -> "snapshot-mismatch";
      case "wal.ErrSnapshotNotFound" -> "snapshot-not-found";
      case "wal.ErrFileNotFound" -> "file-not-found";
      case "wal.ErrMetadataConflict" -> "metadata-conflict";
      default -> throw new IllegalArgumentException("no errorKind for etcd's " + error);
    };
  }

  /** Whether etcd reports damage to the log's bytes, where it returns nothing it read. */
  boolean etcdReportsDamage() {
    String kind = expectedErrorKind();
    return kind != null
        && List.of("crc-mismatch", "metadata-conflict", "corruption").contains(kind);
  }

  @Override
  public String toString() {
    return fixture + " at snapshot " + index() + "/" + term();
  }

  private static String name(JsonNode e) {
    return e == null || e.isNull() ? null : e.asText();
  }
}
