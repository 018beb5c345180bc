package io.github.jwal.tck;

import io.github.jwal.Entry;
import io.github.jwal.EntryType;
import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import java.util.List;
import java.util.Map;

/** Converts the fixtures' JSON values to jwal's types. */
final class FixtureData {
  private FixtureData() {}

  static HardState hardState(Object json) {
    Map<String, Object> m = Json.object(json);
    return new HardState(
        Json.uint64(m.get("term")), Json.uint64(m.get("vote")), Json.uint64(m.get("commit")));
  }

  static Snapshot snapshot(Object json) {
    Map<String, Object> m = Json.object(json);
    return Snapshot.of(Json.uint64(m.get("index")), Json.uint64(m.get("term")));
  }

  static List<Entry> entries(Object json) {
    if (json == null) {
      return List.of();
    }
    return Json.array(json).stream()
        .map(Json::object)
        .map(
            m ->
                Entry.of(
                    Json.uint64(m.get("term")),
                    Json.uint64(m.get("index")),
                    EntryType.forNumber(Json.uint64(m.get("type"))),
                    Json.bytes(m.get("data"))))
        .toList();
  }
}
