package io.github.jwal.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.jwal.CrcMismatchException;
import io.github.jwal.HardState;
import io.github.jwal.MetadataConflictException;
import io.github.jwal.RepairResult;
import io.github.jwal.Snapshot;
import io.github.jwal.SnapshotMismatchException;
import io.github.jwal.SnapshotNotFoundException;
import io.github.jwal.TornTailException;
import io.github.jwal.Wal;
import io.github.jwal.WalContents;
import io.github.jwal.WalNotFoundException;
import io.github.jwal.WalOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads a log the ways etcd's harness read its fixture — {@code Open}+{@code ReadAll} in write
 * mode, {@code OpenForRead}+{@code ReadAll}, {@code Verify}, {@code ValidSnapshotEntries}, {@code
 * Repair} — and checks jwal's results against etcd's, allowing only jwal's documented differences:
 *
 * <ul>
 *   <li>D1: a missing snapshot is reported in write mode too ({@link SnapshotNotFoundException}
 *       carrying what etcd returned), where etcd loses the error (docs/etcd-differences.md,
 *       Snapshot not found in write mode);
 *   <li>D2: in read mode a torn tail is reported in {@link WalContents#tornTail()}, with the same
 *       data etcd returns silently;
 *   <li>D3: {@link Wal#repair} reports that it changed nothing when the last segment is intact,
 *       where etcd's {@code Repair} returns true.
 * </ul>
 */
final class EtcdReads {
  private EtcdReads() {}

  /** Checks everything {@code expected.json} records about the log at {@code options}. */
  static void check(EtcdFixture fixture, WalOptions options) throws IOException {
    Map<String, Object> expected = fixture.expected;
    Snapshot snapshot = FixtureData.snapshot(expected.get("snapshot"));
    Map<String, Object> readMode = Json.object(expected.get("openForRead"));
    checkOpen(fixture + " write mode at " + snapshot, options, snapshot, true, expected, readMode);
    checkOpen(fixture + " read mode at " + snapshot, options, snapshot, false, readMode, expected);
    checkVerify(fixture, options, snapshot, (String) expected.get("verifyError"));
    checkValidSnapshots(fixture, options);
    if (expected.get("alsoOpenedAt") != null) {
      for (Object other : Json.array(expected.get("alsoOpenedAt"))) {
        Map<String, Object> at = Json.object(other);
        Snapshot otherSnapshot = FixtureData.snapshot(at.get("snapshot"));
        Map<String, Object> open = Json.object(at.get("open"));
        Map<String, Object> read =
            at.get("openForRead") == null ? open : Json.object(at.get("openForRead"));
        checkOpen(
            fixture + " write mode at " + otherSnapshot, options, otherSnapshot, true, open, read);
        if (at.get("openForRead") != null) {
          checkOpen(
              fixture + " read mode at " + otherSnapshot,
              options,
              otherSnapshot,
              false,
              read,
              open);
        }
      }
    }
  }

  /** Runs {@link Wal#repair} on the log and checks the outcome and the log after it. */
  static void checkRepair(EtcdFixture fixture, TckBackend backend, Path location)
      throws IOException {
    WalOptions options = OpsReplay.options(fixture, backend, location);
    Map<String, Object> repair = Json.object(fixture.expected.get("repair"));
    Snapshot snapshot = FixtureData.snapshot(fixture.expected.get("snapshot"));
    RepairResult result = Wal.repair(options);
    List<Object> backups = Json.array(repair.get("otherFiles"));
    if (backups.isEmpty()) {
      assertEquals(false, result.repaired(), fixture + ": nothing to cut (D3): " + result);
    } else {
      assertEquals(true, result.repaired(), fixture + ": repaired");
      assertEquals(Json.object(backups.get(0)).get("name"), result.backup(), fixture + ": backup");
    }
    List<Long> sizes =
        BackendFiles.segments(backend, location).values().stream()
            .map(b -> (long) b.length)
            .toList();
    List<Long> expectedSizes =
        Json.array(repair.get("segments")).stream()
            .map(s -> Json.uint64(Json.object(s).get("size")))
            .toList();
    if (result.repaired()) {
      assertEquals(expectedSizes, sizes, fixture + ": segment sizes after repair");
    } else {
      assertEquals(
          allButLast(expectedSizes),
          allButLast(sizes),
          fixture + ": segment sizes (an untouched tail keeps its own preallocated size)");
    }
    Map<String, Object> after = Json.object(repair.get("after"));
    checkOpen(fixture + " after repair", options, snapshot, true, after, after);
  }

  private static List<Long> allButLast(List<Long> sizes) {
    return sizes.subList(0, sizes.size() - 1);
  }

  private static void checkOpen(
      String what,
      WalOptions options,
      Snapshot snapshot,
      boolean writeMode,
      Map<String, Object> expected,
      Map<String, Object> otherMode)
      throws IOException {
    String errorName = (String) expected.get("errorName");
    String otherError = (String) otherMode.get("errorName");
    WalContents contents;
    try {
      contents = writeMode ? readWriteMode(options, snapshot) : readReadMode(options, snapshot);
    } catch (SnapshotNotFoundException e) {
      boolean lostByEtcd =
          writeMode && errorName == null && "wal.ErrSnapshotNotFound".equals(otherError);
      if (!lostByEtcd) {
        assertEquals("wal.ErrSnapshotNotFound", errorName, what + ": " + e);
      }
      compare(what + " (D1)", expected, e.contents());
      return;
    } catch (IOException e) {
      if (errorName == null) {
        fail(what + ": etcd reads this log, jwal threw " + e, e);
      }
      assertInstanceOf(jwalClassFor(errorName), e, what + ": etcd said " + errorName);
      return;
    }
    if (errorName != null) {
      fail(
          what
              + ": etcd failed with "
              + errorName
              + ", jwal read "
              + contents.entries().size()
              + " entries without error");
    }
    if (!writeMode && "io.ErrUnexpectedEOF".equals(otherError)) {
      assertNotNull(
          contents.tornTail(), what + ": the torn tail etcd skips silently is reported (D2)");
    } else {
      assertNull(contents.tornTail(), what + ": no torn tail");
    }
    compare(what, expected, contents);
  }

  private static WalContents readWriteMode(WalOptions options, Snapshot snapshot)
      throws IOException {
    try (Wal wal = Wal.open(options, snapshot)) {
      return wal.readAll();
    }
  }

  private static WalContents readReadMode(WalOptions options, Snapshot snapshot)
      throws IOException {
    try (Wal wal = Wal.openForRead(options, snapshot)) {
      return wal.readAll();
    }
  }

  private static void compare(String what, Map<String, Object> expected, WalContents contents) {
    byte[] metadata = Json.bytes(expected.get("metadata"));
    if (metadata == null) {
      assertNull(contents.metadata(), what + ": metadata");
    } else {
      assertArrayEquals(metadata, contents.metadata(), what + ": metadata");
    }
    HardState hardState = FixtureData.hardState(expected.get("hardstate"));
    assertEquals(hardState, contents.hardState(), what + ": hard state");
    assertEquals(
        FixtureData.entries(expected.get("entries")), contents.entries(), what + ": entries");
  }

  private static void checkVerify(
      EtcdFixture fixture, WalOptions options, Snapshot snapshot, String error) throws IOException {
    try {
      Wal.verify(options, snapshot);
      assertNull(error, fixture + ": etcd's Verify failed");
    } catch (IOException e) {
      if (error == null) {
        fail(fixture + ": etcd verifies this log, jwal threw " + e, e);
      }
    }
  }

  private static void checkValidSnapshots(EtcdFixture fixture, WalOptions options)
      throws IOException {
    String error = (String) fixture.expected.get("validSnapshotsError");
    try {
      List<Snapshot> valid = Wal.validSnapshotEntries(options);
      assertNull(error, fixture + ": etcd's ValidSnapshotEntries failed");
      List<Snapshot> expected =
          Json.array(fixture.expected.get("validSnapshots")).stream()
              .map(FixtureData::snapshot)
              .toList();
      assertEquals(expected, valid, fixture + ": valid snapshots");
    } catch (IOException e) {
      if (error == null) {
        fail(fixture + ": etcd's ValidSnapshotEntries reads this log, jwal threw " + e, e);
      }
    }
  }

  private static Class<? extends IOException> jwalClassFor(String etcdError) {
    return switch (etcdError) {
      case "io.ErrUnexpectedEOF" -> TornTailException.class;
      case "walpb.ErrCRCMismatch", "wal.ErrCRCMismatch" -> CrcMismatchException.class;
      case "wal.ErrSnapshotMismatch" -> SnapshotMismatchException.class;
      case "wal.ErrSnapshotNotFound" -> SnapshotNotFoundException.class;
      case "wal.ErrFileNotFound" -> WalNotFoundException.class;
      case "wal.ErrMetadataConflict" -> MetadataConflictException.class;
      default -> throw new IllegalArgumentException("no jwal counterpart for etcd's " + etcdError);
    };
  }
}
