package io.github.jwal.tck;

import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One WAL written by real etcd 3.4.23: its segment files as etcd left them, the operations that
 * produced them ({@code ops.json}) and what etcd's reader returned ({@code expected.json}). They
 * are resources of {@code wal-etcd-fixtures}, under {@code io/github/jwal/etcd-fixtures/}.
 */
final class EtcdFixture {
  // Read through the class loader, not the class: on the module path the fixtures are another
  // module's resources, which Class.getResourceAsStream looks for only in the kit's own module.
  private static final String ROOT = "io/github/jwal/etcd-fixtures/";
  private static final List<String> EDITS = List.of("truncate", "fill", "flipBit");

  final String name;
  final long segmentBytes;
  final List<Map<String, Object>> ops;
  final Map<String, Object> expected;

  private EtcdFixture(String name, Map<String, Object> ops, Map<String, Object> expected) {
    this.name = name;
    this.segmentBytes = Json.uint64(ops.get("segmentSizeBytes"));
    this.ops = Json.array(ops.get("ops")).stream().map(Json::object).toList();
    this.expected = expected;
  }

  /** Every fixture's name. */
  static List<String> names() {
    return resource("fixtures.txt").lines().filter(line -> !line.isBlank()).toList();
  }

  static EtcdFixture load(String name) {
    return new EtcdFixture(
        name,
        Json.object(Json.parse(resource(name + "/ops.json"))),
        Json.object(Json.parse(resource(name + "/expected.json"))));
  }

  /** Whether bytes were edited after etcd closed the log (a torn or corrupted fixture). */
  boolean hasEdits() {
    return ops.stream().anyMatch(op -> EDITS.contains(op.get("op")));
  }

  /** etcd's segment files, by id, in order. */
  Map<SegmentId, byte[]> segments() {
    Map<SegmentId, byte[]> segments = new LinkedHashMap<>();
    for (Object segment : Json.array(expected.get("segments"))) {
      String file = (String) Json.object(segment).get("name");
      SegmentId id =
          SegmentId.parse(file)
              .orElseThrow(() -> new IllegalStateException("not a segment name: " + file));
      segments.put(id, bytes(name + "/wal/" + file));
    }
    return segments;
  }

  @Override
  public String toString() {
    return name;
  }

  private static String resource(String path) {
    return new String(bytes(path), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String path) {
    try (InputStream in = EtcdFixture.class.getClassLoader().getResourceAsStream(ROOT + path)) {
      if (in == null) {
        throw new IllegalStateException("missing kit resource " + ROOT + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
