package io.github.jwal;

import static io.github.jwal.TestLogs.entries;
import static io.github.jwal.TestLogs.freshOptions;
import static io.github.jwal.TestLogs.indexes;
import static io.github.jwal.TestLogs.readOnly;
import static io.github.jwal.TestLogs.reopen;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.codec.RecordEncoder;
import io.github.jwal.codec.RecordType;
import io.github.jwal.faults.FaultPlan;
import io.github.jwal.memory.InMemoryStorageProvider;
import io.github.jwal.spi.SegmentId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WalSaveTest {
  @AfterEach
  void discardVolumes() {
    InMemoryStorageProvider.discardAll();
  }

  @Test
  void savedEntriesAndLastHardStateReadBack() throws Exception {
    WalOptions options = freshOptions();
    try (Wal wal = Wal.create(options, TestLogs.bytes("meta"))) {
      wal.save(new HardState(1, 1, 0), entries(1, 1, 3));
      wal.save(new HardState(1, 1, 3), entries(1, 4, 5));
    }
    WalContents contents = readOnly(options, Snapshot.ZERO);
    assertArrayEquals(TestLogs.bytes("meta"), contents.metadata());
    assertEquals(new HardState(1, 1, 3), contents.hardState());
    assertEquals(entries(1, 1, 5), contents.entries());
  }

  @Test
  void entryPayloadsKeepAbsentApartFromEmpty() throws Exception {
    WalOptions options = freshOptions();
    List<Entry> saved =
        List.of(
            Entry.of(1, 1, null),
            Entry.of(1, 2, new byte[0]),
            Entry.of(1, 3, EntryType.CONF_CHANGE, new byte[] {7}));
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(1, 0, 0), saved);
    }
    assertEquals(saved, readOnly(options, Snapshot.ZERO).entries());
  }

  @Test
  void unsignedTermsAndIndexesAboveTwoToTheSixtyThreeRoundTrip() throws Exception {
    WalOptions options = freshOptions();
    long huge = 0xFFFF_FFFF_FFFF_FFF0L;
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(huge, huge + 1, 0), List.of(Entry.of(huge, 1, null)));
    }
    WalContents contents = readOnly(options, Snapshot.ZERO);
    assertEquals(new HardState(huge, huge + 1, 0), contents.hardState());
    assertEquals(huge, contents.entries().get(0).term());
  }

  // etcd: TestSaveEmpty
  @Test
  void anEmptySaveWritesNothing() throws Exception {
    WalOptions options = freshOptions();
    try (Wal wal = Wal.create(options, null)) {
      wal.sync();
      long before = TestLogs.volume(options).durablePrefix(SegmentId.FIRST);
      wal.save(HardState.EMPTY, List.of());
      wal.sync();
      assertEquals(before, TestLogs.volume(options).durablePrefix(SegmentId.FIRST));
    }
  }

  @Test
  void aLaterEntryAtAnEarlierIndexReplacesTheRestOfTheLog() throws Exception {
    WalOptions options = freshOptions();
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(1, 1, 0), entries(1, 1, 10));
      wal.save(new HardState(2, 2, 5), entries(2, 6, 8));
    }
    List<Entry> expected = new ArrayList<>(entries(1, 1, 5));
    expected.addAll(entries(2, 6, 8));
    assertEquals(expected, readOnly(options, Snapshot.ZERO).entries());
  }

  // etcd: TestOpenAtUncommittedIndex
  @Test
  void anEntryAtIndexZeroIsBelowTheZeroSnapshotAndIgnored() throws Exception {
    WalOptions options = freshOptions();
    try (Wal wal = Wal.create(options, null)) {
      wal.save(HardState.EMPTY, List.of(Entry.of(0, 0, null)));
    }
    try (Wal wal = reopen(options, Snapshot.ZERO)) {
      wal.save(new HardState(1, 0, 0), entries(1, 1, 1));
    }
    assertEquals(List.of(1L), indexes(readOnly(options, Snapshot.ZERO).entries()));
  }

  // etcd: TestOpenWithMaxIndex returns ErrSliceOutOfRange; jwal names the gap's place.
  @Test
  void aGapInEntryIndexesIsCorruption() throws Exception {
    WalOptions options = freshOptions();
    Wal.create(options, null).close();
    // save refuses a gap (savingAnEntryThatLeavesAGapIsRefused), so the log is written as bytes.
    RecordEncoder encoder = new RecordEncoder(0, 0);
    encoder.appendCrcRecord();
    encoder.appendRecord(RecordType.METADATA, null);
    encoder.appendSnapshot(Snapshot.ZERO);
    encoder.appendEntry(Entry.of(1, 1, null));
    encoder.appendEntry(Entry.of(1, Long.MAX_VALUE, null));
    TestLogs.volume(options)
        .putSegment(SegmentId.FIRST, Arrays.copyOf(encoder.buffer(), encoder.size()));
    WalCorruptException e =
        assertThrows(WalCorruptException.class, () -> reopen(options, Snapshot.ZERO));
    assertEquals(SegmentId.FIRST.fileName(), e.segment());
    assertTrue(e.getMessage().contains("gap"), e.getMessage());
  }

  @Test
  void savingAnEntryThatLeavesAGapIsRefused() throws Exception {
    WalOptions options = freshOptions();
    try (Wal wal = Wal.create(options, null)) {
      wal.save(HardState.EMPTY, entries(1, 1, 2));
      assertThrows(
          IllegalArgumentException.class,
          () -> wal.save(HardState.EMPTY, List.of(Entry.of(1, 4, null))));
      wal.save(HardState.EMPTY, entries(1, 3, 3));
    }
    assertEquals(List.of(1L, 2L, 3L), indexes(readOnly(options, Snapshot.ZERO).entries()));
  }

  // Beyond etcd: the CRC does not cover the record type, so impossible states are checked
  // (docs/etcd-differences.md, Hard-state terms, commits and index gaps).
  @Test
  void aHardStateWhoseTermGoesDownIsCorruption() throws Exception {
    WalOptions options = freshOptions();
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(5, 1, 0), List.of());
      wal.save(new HardState(4, 1, 0), List.of());
    }
    assertThrows(WalCorruptException.class, () -> readOnly(options, Snapshot.ZERO));
  }

  @Test
  void aHardStateCommittingBeyondTheLastIndexIsCorruption() throws Exception {
    WalOptions options = freshOptions();
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(1, 1, 2), entries(1, 1, 3));
      wal.save(new HardState(1, 1, 9), List.of());
    }
    WalCorruptException e =
        assertThrows(WalCorruptException.class, () -> readOnly(options, Snapshot.ZERO));
    assertTrue(e.getMessage().contains("commit 9"), e.getMessage());
  }

  @Test
  void aCommitOnlySaveIsNotSyncedButEntriesAre() throws Exception {
    WalOptions options = freshOptions();
    Wal wal = Wal.create(options, null);
    wal.save(new HardState(1, 1, 0), entries(1, 1, 2));
    wal.save(new HardState(1, 1, 2), List.of());
    TestLogs.volume(options).crash(FaultPlan.loseUnsynced(), 1);
    WalContents contents = readOnly(options, Snapshot.ZERO);
    assertEquals(
        new HardState(1, 1, 0), contents.hardState(), "the commit-only save was not synced");
    assertEquals(List.of(1L, 2L), indexes(contents.entries()));
  }

  @Test
  void appendingContinuesAfterReopen() throws Exception {
    WalOptions options = freshOptions();
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(1, 1, 1), entries(1, 1, 5));
    }
    try (Wal wal = reopen(options, Snapshot.ZERO)) {
      wal.save(new HardState(1, 1, 5), entries(1, 6, 10));
    }
    assertEquals(
        LongStream.rangeClosed(1, 10).boxed().toList(),
        indexes(readOnly(options, Snapshot.ZERO).entries()));
  }

  @Test
  void savingBeforeReadAllIsRefused() throws Exception {
    WalOptions options = freshOptions();
    Wal.create(options, null).close();
    try (Wal wal = Wal.open(options, Snapshot.ZERO)) {
      assertThrows(IllegalStateException.class, () -> wal.save(new HardState(1, 0, 0), List.of()));
    }
  }

  @Test
  void savingToAReadOnlyLogIsRefused() throws Exception {
    WalOptions options = freshOptions();
    Wal.create(options, null).close();
    try (Wal wal = Wal.openForRead(options, Snapshot.ZERO)) {
      wal.readAll();
      assertThrows(IllegalStateException.class, () -> wal.save(new HardState(1, 0, 0), List.of()));
    }
  }

  @Test
  void readingTwiceIsRefused() throws Exception {
    WalOptions options = freshOptions();
    Wal.create(options, null).close();
    try (Wal wal = Wal.openForRead(options, Snapshot.ZERO)) {
      wal.readAll();
      assertThrows(IllegalStateException.class, wal::readAll);
    }
  }

  @Test
  void aClosedLogRefusesWork() throws Exception {
    Wal wal = Wal.create(freshOptions(), null);
    wal.close();
    WalClosedException e =
        assertThrows(WalClosedException.class, () -> wal.save(new HardState(1, 0, 0), List.of()));
    assertTrue(!e.isPoisoned());
  }

  @Test
  void aFailedSyncPoisonsTheLog() throws Exception {
    WalOptions options = freshOptions();
    try (Wal wal = Wal.create(options, null)) {
      TestLogs.volume(options).failNextSync(new java.io.IOException("injected sync failure"));
      assertThrows(
          WalClosedException.class, () -> wal.save(new HardState(1, 0, 0), entries(1, 1, 1)));
      WalClosedException later = assertThrows(WalClosedException.class, wal::sync);
      assertTrue(later.isPoisoned());
    }
  }

  @Test
  void theSyncListenerSeesEverySync() throws Exception {
    List<String> synced = new ArrayList<>();
    WalOptions options = freshOptions().withSyncListener((segment, took) -> synced.add(segment));
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(1, 0, 0), entries(1, 1, 1));
      wal.save(new HardState(1, 0, 1), List.of());
      wal.sync();
    }
    assertEquals(
        List.of(SegmentId.FIRST.fileName(), SegmentId.FIRST.fileName(), SegmentId.FIRST.fileName()),
        synced,
        "the create, the save with an entry, and the sync after the commit-only save; close had"
            + " nothing new");
  }

  @Test
  void aSyncWithNothingNewSkipsTheDisk() throws Exception {
    List<String> synced = new ArrayList<>();
    WalOptions options = freshOptions().withSyncListener((segment, took) -> synced.add(segment));
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(1, 0, 0), entries(1, 1, 1));
      wal.sync();
      wal.sync();
    }
    assertEquals(2, synced.size(), "the create and the save: " + synced);
  }
}
