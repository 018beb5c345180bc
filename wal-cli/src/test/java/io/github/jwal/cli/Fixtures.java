package io.github.jwal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The WAL directories written by etcd 3.4.23, from wal-tck's resources (copied there unchanged from
 * shared/fixtures/etcd; see their README), with what etcd's reader returned for each.
 */
final class Fixtures {
  private static final String ROOT = "/io/github/jwal/etcd-fixtures/";

  private Fixtures() {}

  static List<String> names() {
    return text("fixtures.txt").lines().filter(line -> !line.isBlank()).toList();
  }

  static JsonNode expected(String name) {
    return JsonDocs.parse(text(name + "/expected.json"));
  }

  /** The fixture's {@code ops.json}: the operations that produced it. */
  static String ops(String name) {
    return text(name + "/ops.json");
  }

  /** Copies the fixture's WAL directory to {@code dir}/{@code name} and returns that directory. */
  static Path copy(String name, Path dir) throws IOException {
    Path wal = Files.createDirectories(dir.resolve(name));
    for (JsonNode segment : expected(name).get("segments")) {
      String file = segment.get("name").asText();
      Files.write(wal.resolve(file), bytes(name + "/wal/" + file));
    }
    return wal;
  }

  private static String text(String path) {
    return new String(bytes(path), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String path) {
    try (InputStream in = Fixtures.class.getResourceAsStream(ROOT + path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + ROOT + path + " (from wal-tck)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
