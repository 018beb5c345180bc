package io.github.jwal;

import static io.github.jwal.TestLogs.entries;
import static io.github.jwal.TestLogs.freshOptions;
import static io.github.jwal.TestLogs.indexes;
import static io.github.jwal.TestLogs.readOnly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.memory.InMemoryStorageProvider;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WalSnapshotTest {
  @AfterEach
  void discardVolumes() {
    InMemoryStorageProvider.discardAll();
  }

  @Test
  void openingAtASnapshotReturnsOnlyTheEntriesAfterIt() throws Exception {
    WalOptions options = freshOptions();
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(1, 1, 10), entries(1, 1, 10));
      wal.saveSnapshot(Snapshot.of(6, 1));
      wal.save(new HardState(1, 1, 12), entries(1, 11, 12));
    }
    assertEquals(
        LongStream.rangeClosed(7, 12).boxed().toList(),
        indexes(readOnly(options, Snapshot.of(6, 1)).entries()));
  }

  @Test
  void aSnapshotWithMembershipReadsBack() throws Exception {
    WalOptions options = freshOptions();
    Snapshot snapshot =
        new Snapshot(
            3, 1, new ConfState(List.of(1L, 2L, 3L), List.of(4L), List.of(), List.of(), false));
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(1, 1, 3), entries(1, 1, 3));
      wal.saveSnapshot(snapshot);
    }
    assertEquals(List.of(Snapshot.ZERO, snapshot), Wal.validSnapshotEntries(options));
  }

  @Test
  void aSnapshotAtTheIndexWithAnotherTermIsAMismatch() throws Exception {
    WalOptions options = freshOptions();
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(2, 1, 5), entries(2, 1, 5));
      wal.saveSnapshot(Snapshot.of(5, 2));
    }
    assertThrows(SnapshotMismatchException.class, () -> readOnly(options, Snapshot.of(5, 1)));
    assertThrows(
        SnapshotMismatchException.class, () -> Wal.open(options, Snapshot.of(5, 1)).readAll());
  }

  @Test
  void aMissingSnapshotIsReportedInReadModeWithWhatWasRead() throws Exception {
    WalOptions options = freshOptions();
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(1, 1, 5), entries(1, 1, 5));
    }
    SnapshotNotFoundException e =
        assertThrows(SnapshotNotFoundException.class, () -> readOnly(options, Snapshot.of(3, 1)));
    assertEquals(List.of(4L, 5L), indexes(e.contents().entries()));
  }

  // etcd loses ErrSnapshotNotFound in write mode (docs/etcd-differences.md, Snapshot not found in
  // write mode); jwal reports it, and the log can still be appended to, as etcd's can.
  @Test
  void aMissingSnapshotIsReportedInWriteModeToo() throws Exception {
    WalOptions options = freshOptions();
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(1, 1, 5), entries(1, 1, 5));
    }
    try (Wal wal = Wal.open(options, Snapshot.of(3, 1))) {
      assertThrows(SnapshotNotFoundException.class, wal::readAll);
      wal.save(new HardState(1, 1, 6), entries(1, 6, 6));
    }
    assertEquals(6, readOnly(options, Snapshot.ZERO).lastIndex(0));
  }

  // etcd #22442: etcd ignores an entry at or below the snapshot entirely, so entries it overwrote
  // come back. jwal applies the truncation it implies.
  @Test
  void anEntryAtOrBelowTheSnapshotStillTruncatesWhatFollowedIt() throws Exception {
    WalOptions options = freshOptions();
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(1, 1, 5), entries(1, 1, 10));
      wal.save(new HardState(2, 2, 7), entries(2, 6, 7));
      wal.saveSnapshot(Snapshot.of(7, 2));
    }
    assertEquals(
        List.of(),
        readOnly(options, Snapshot.of(7, 2)).entries(),
        "etcd would return entries 8..10 of term 1, which the term-2 leader overwrote");
  }

  // etcd: TestValidSnapshotEntries
  @Test
  void validSnapshotEntriesAreThoseAtOrBelowTheLastCommit() throws Exception {
    WalOptions options = freshOptions();
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(1, 0, 0), entries(1, 1, 4));
      wal.saveSnapshot(Snapshot.of(1, 1));
      wal.save(new HardState(1, 0, 1), List.of());
      wal.saveSnapshot(Snapshot.of(2, 1));
      wal.saveSnapshot(Snapshot.of(3, 1));
      wal.save(new HardState(1, 0, 3), List.of());
      wal.saveSnapshot(Snapshot.of(4, 1));
    }
    assertEquals(
        List.of(Snapshot.ZERO, Snapshot.of(1, 1), Snapshot.of(2, 1), Snapshot.of(3, 1)),
        Wal.validSnapshotEntries(options));
  }

  // etcd: TestVerify
  @Test
  void verifyReturnsTheLastHardStateWithoutKeepingEntries() throws Exception {
    WalOptions options = freshOptions().withSegmentBytes(1024);
    try (Wal wal = Wal.create(options, null)) {
      for (long i = 1; i <= 40; i++) {
        wal.save(new HardState(1, 1, i), entries(1, i, i, 100));
      }
      assertTrue(wal.lockedSegments().size() >= 5);
    }
    assertEquals(new HardState(1, 1, 40), Wal.verify(options, Snapshot.ZERO));
  }

  @Test
  void verifyFailsWhenAMiddleSegmentLostItsData() throws Exception {
    WalOptions options = freshOptions().withSegmentBytes(1024);
    try (Wal wal = Wal.create(options, null)) {
      for (long i = 1; i <= 40; i++) {
        wal.save(new HardState(1, 1, i), entries(1, i, i, 100));
      }
    }
    var volume = TestLogs.volume(options);
    volume.putSegment(volume.segments().get(2), new byte[0]);
    assertThrows(WalCorruptException.class, () -> Wal.verify(options, Snapshot.ZERO));
  }
}
