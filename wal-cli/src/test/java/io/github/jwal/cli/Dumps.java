package io.github.jwal.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code jwal dump --format json} and reads its document back with an independent parser. */
final class Dumps {
  record Json(Cli.Run run, JsonNode document) {}

  private Dumps() {}

  static Json json(Path dir, Object... options) {
    List<Object> args = new ArrayList<>(List.of("dump", "--format", "json", dir));
    args.addAll(List.of(options));
    Cli.Run run = Cli.run(args.toArray());
    assertTrue(run.out().startsWith("{"), () -> "a JSON document on stdout: " + run);
    return new Json(run, JsonDocs.parse(run.out()));
  }

  /**
   * Entries as comparable text. Numbers are compared as written, never as doubles (a parser may
   * compare parsed numbers as doubles, which cannot hold every uint64).
   */
  static List<String> entries(JsonNode entries) {
    List<String> out = new ArrayList<>();
    for (JsonNode entry : entries) {
      out.add(
          text(entry.get("term"))
              + "/"
              + text(entry.get("index"))
              + "/"
              + text(entry.get("type"))
              + "/"
              + text(entry.get("data")));
    }
    return out;
  }

  static String hardState(JsonNode hardState) {
    return text(hardState.get("term"))
        + "/"
        + text(hardState.get("vote"))
        + "/"
        + text(hardState.get("commit"));
  }

  /** A JSON value as written, {@code null} for JSON null. */
  static String text(JsonNode e) {
    return e == null || e.isNull() ? null : e.asText();
  }
}
