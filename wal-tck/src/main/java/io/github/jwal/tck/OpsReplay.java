package io.github.jwal.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Re-runs a fixture's {@code ops.json} through the jwal API, as etcd's harness ran it through etcd.
 */
final class OpsReplay {
  private OpsReplay() {}

  static void replay(EtcdFixture fixture, TckBackend backend, Path location) throws IOException {
    WalOptions options = options(fixture, backend, location);
    Wal wal = null;
    for (Map<String, Object> op : fixture.ops) {
      String name = (String) op.get("op");
      switch (name) {
        case "create" -> wal = Wal.create(options, Json.bytes(op.get("metadata")));
        case "save" ->
            wal.save(
                FixtureData.hardState(op.get("hardstate")), FixtureData.entries(op.get("entries")));
        case "saveSnapshot" -> wal.saveSnapshot(FixtureData.snapshot(op.get("snapshot")));
        case "releaseLockTo" -> wal.releaseLockTo(Json.uint64(op.get("index")));
        case "purge" -> {
          List<String> removed =
              Wal.purge(options, (int) Json.uint64(op.get("max"))).stream()
                  .map(SegmentId::fileName)
                  .toList();
          assertEquals(Json.array(op.get("removed")), removed, fixture + ": segments purged");
        }
        case "close" -> {
          wal.close();
          wal = null;
        }
        case "open" -> wal = Wal.open(options, FixtureData.snapshot(op.get("snapshot")));
        case "readAll" -> wal.readAll();
        case "truncate", "fill", "flipBit" -> edit(backend, location, op);
        default -> throw new IllegalStateException(fixture + ": unknown op " + name);
      }
    }
    if (wal != null) {
      wal.close();
    }
  }

  static WalOptions options(EtcdFixture fixture, TckBackend backend, Path location) {
    return backend
        .options(location)
        .withStorage(backend.provider())
        .withSegmentBytes(fixture.segmentBytes);
  }

  /** A byte edit made after etcd closed the log: it tears or corrupts the file on purpose. */
  private static void edit(TckBackend backend, Path location, Map<String, Object> op)
      throws IOException {
    SegmentId id = SegmentId.parse((String) op.get("file")).orElseThrow();
    byte[] bytes = BackendFiles.segments(backend, location).get(id);
    byte[] edited =
        switch ((String) op.get("op")) {
          case "truncate" -> Arrays.copyOf(bytes, (int) Json.uint64(op.get("size")));
          case "fill" -> {
            int offset = (int) Json.uint64(op.get("offset"));
            int length = (int) Json.uint64(op.get("length"));
            byte[] copy = Arrays.copyOf(bytes, Math.max(bytes.length, offset + length));
            Arrays.fill(copy, offset, offset + length, (byte) Json.uint64(op.get("byte")));
            yield copy;
          }
          default -> {
            byte[] copy = bytes.clone();
            int offset = (int) Json.uint64(op.get("offset"));
            copy[offset] ^= (byte) (1 << Json.uint64(op.get("bit")));
            yield copy;
          }
        };
    backend.putSegment(location, id, edited);
  }
}
