package io.github.jwal;

import static io.github.jwal.TestLogs.entries;
import static io.github.jwal.TestLogs.freshOptions;
import static io.github.jwal.TestLogs.indexes;
import static io.github.jwal.TestLogs.readOnly;
import static io.github.jwal.TestLogs.reopen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jwal.codec.PayloadDecoder;
import io.github.jwal.codec.RecordReader;
import io.github.jwal.codec.RecordType;
import io.github.jwal.log.StorageProviders;
import io.github.jwal.memory.InMemoryStorageProvider;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WalSegmentTest {
  @AfterEach
  void discardVolumes() {
    InMemoryStorageProvider.discardAll();
  }

  // etcd: TestCut — the next segment is named after the last entry index, plus one.
  @Test
  void aCutNamesTheNextSegmentAfterTheLastIndex() throws Exception {
    WalOptions options = freshOptions().withSegmentBytes(1024);
    try (Wal wal = Wal.create(options, null)) {
      long i = 1;
      while (wal.lockedSegments().size() < 2) {
        wal.save(new HardState(1, 1, i - 1), entries(1, i, i, 100));
        i++;
      }
      List<SegmentId> segments = wal.lockedSegments();
      SegmentId second = segments.get(1);
      assertEquals(1, second.seq());
      assertEquals(TestLogs.volume(options).segments(), segments);
      assertEquals(lastEntryIndexIn(options, SegmentId.FIRST) + 1, second.firstIndex());
    }
  }

  @Test
  void segmentSizesListsEverySegmentWithTheSizeItsReaderGives() throws Exception {
    WalOptions options = freshOptions().withSegmentBytes(1024);
    try (Wal wal = Wal.create(options, null)) {
      for (long i = 1; wal.lockedSegments().size() < 3; i++) {
        wal.save(new HardState(1, 1, i - 1), entries(1, i, i, 100));
      }
    }
    SortedMap<SegmentId, Long> sizes = Wal.segmentSizes(options);
    assertEquals(TestLogs.volume(options).segments(), List.copyOf(sizes.keySet()));
    try (LogStorage storage = StorageProviders.open(options)) {
      for (SegmentId id : sizes.keySet()) {
        try (SegmentReader reader = storage.openReader(id)) {
          assertEquals(reader.size(), sizes.get(id), id.fileName());
        }
      }
    }
  }

  @Test
  void segmentSizesOfNoLogIsEmpty() throws Exception {
    assertEquals(Map.of(), Wal.segmentSizes(freshOptions()));
  }

  // etcd: TestCut — the head of a new segment carries the last hard state, and was synced.
  @Test
  void aNewSegmentStartsWithCrcMetadataAndTheLastHardState() throws Exception {
    WalOptions options = freshOptions().withSegmentBytes(1024);
    HardState last;
    SegmentId second;
    try (Wal wal = Wal.create(options, TestLogs.bytes("m"))) {
      long i = 1;
      while (wal.lockedSegments().size() < 2) {
        wal.save(new HardState(1, 1, i - 1), entries(1, i, i, 100));
        i++;
      }
      last = new HardState(1, 1, i - 2);
      second = wal.lockedSegments().get(1);
    }
    InMemoryVolumeReader segment = new InMemoryVolumeReader(options, second);
    assertEquals(
        List.of((long) RecordType.CRC, (long) RecordType.METADATA, (long) RecordType.STATE),
        segment.types().subList(0, 3));
    assertEquals(last, segment.firstState());
  }

  // Beyond etcd (docs/etcd-differences.md, The hard state across a reopen): readAll restores the
  // hard state, so a cut after a reopen still writes it.
  @Test
  void aCutAfterReopenStillWritesTheHardState() throws Exception {
    WalOptions options = freshOptions().withSegmentBytes(1024);
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(3, 2, 4), entries(3, 1, 4));
    }
    SegmentId second;
    try (Wal wal = reopen(options, Snapshot.ZERO)) {
      long i = 5;
      while (wal.lockedSegments().size() < 2) {
        wal.save(HardState.EMPTY, entries(3, i, i, 100));
        i++;
      }
      second = wal.lockedSegments().get(1);
    }
    assertEquals(new HardState(3, 2, 4), new InMemoryVolumeReader(options, second).firstState());
  }

  // etcd: TestSaveWithCut
  @Test
  void entriesSavedAcrossCutsReadBackIntact() throws Exception {
    WalOptions options = freshOptions().withSegmentBytes(2048);
    try (Wal wal = Wal.create(options, null)) {
      for (long i = 1; i <= 20; i++) {
        wal.save(new HardState(1, 1, i - 1), entries(1, i, i, 500));
      }
    }
    WalContents contents = readOnly(options, Snapshot.ZERO);
    assertEquals(entries(1, 1, 20, 500), contents.entries());
    assertEquals(new HardState(1, 1, 19), contents.hardState());
  }

  // etcd: TestRecover, with 10, 20 and 40 MiB entries
  @Test
  void bigEntriesReadBack() throws Exception {
    WalOptions options = freshOptions();
    List<Entry> big =
        List.of(
            entries(1, 1, 1, 10 << 20).get(0),
            entries(1, 2, 2, 20 << 20).get(0),
            entries(1, 3, 3, 40 << 20).get(0));
    try (Wal wal = Wal.create(options, TestLogs.bytes("meta"))) {
      wal.save(new HardState(1, 1, 1), big);
      wal.save(new HardState(2, 1, 3), List.of());
    }
    try (Wal wal = Wal.open(options, Snapshot.ZERO)) {
      WalContents contents = wal.readAll();
      assertEquals(big, contents.entries());
      assertEquals(new HardState(2, 1, 3), contents.hardState());
    }
  }

  // etcd: TestReleaseLockTo. A segment size below the head's makes every save cut, as the test's
  // explicit cut() calls do.
  @Test
  void releaseLockToKeepsTheSegmentThatMayHoldTheIndex() throws Exception {
    WalOptions options = freshOptions().withSegmentBytes(8);
    try (Wal wal = Wal.create(options, null)) {
      wal.releaseLockTo(10);
      assertEquals(1, wal.lockedSegments().size(), "nothing to release on a fresh log");
      for (long i = 0; i < 10; i++) {
        wal.save(HardState.EMPTY, entries(1, i, i));
      }
      assertEquals(11, wal.lockedSegments().size());
      wal.releaseLockTo(5);
      assertEquals(
          LongStream.rangeClosed(4, 10).boxed().toList(),
          wal.lockedSegments().stream().map(SegmentId::firstIndex).toList());
      wal.releaseLockTo(15);
      assertEquals(List.of(10L), wal.lockedSegments().stream().map(SegmentId::firstIndex).toList());
    }
  }

  // etcd: TestOpenForRead
  @Test
  void aReaderReadsEverythingWhileTheWriterHoldsTheLog() throws Exception {
    WalOptions options = freshOptions().withSegmentBytes(8);
    try (Wal wal = Wal.create(options, null)) {
      for (long i = 0; i < 10; i++) {
        wal.save(HardState.EMPTY, entries(1, i, i));
      }
      wal.releaseLockTo(5);
      WalContents contents = readOnly(options, Snapshot.ZERO);
      assertEquals(LongStream.rangeClosed(1, 9).boxed().toList(), indexes(contents.entries()));
    }
  }

  @Test
  void purgeDeletesOnlyReleasedSegments() throws Exception {
    WalOptions options = freshOptions().withSegmentBytes(8);
    try (Wal wal = Wal.create(options, null)) {
      for (long i = 0; i < 10; i++) {
        wal.save(HardState.EMPTY, entries(1, i, i));
      }
      wal.saveSnapshot(Snapshot.of(5, 1));
      wal.releaseLockTo(5);
      List<SegmentId> purged = Wal.purge(options, 1);
      assertEquals(
          LongStream.rangeClosed(0, 3).boxed().toList(),
          purged.stream().map(SegmentId::firstIndex).toList(),
          "segments 4 and up are still held");
      assertEquals(wal.lockedSegments(), TestLogs.volume(options).segments());
    }
    assertEquals(9, readOnly(options, Snapshot.of(5, 1)).lastIndex(0));
  }

  @Test
  void aSecondWriterIsLockedOut() throws Exception {
    WalOptions options = freshOptions();
    try (Wal writer = Wal.create(options, null)) {
      assertThrows(
          WalLockedException.class,
          () -> Wal.open(options, Snapshot.ZERO),
          "a second writer while " + writer + " has the log");
    }
    try (Wal again = reopen(options, Snapshot.ZERO)) {
      assertEquals(1, again.lockedSegments().size(), "closing the first writer freed the log");
    }
  }

  private static long lastEntryIndexIn(WalOptions options, SegmentId segment) throws Exception {
    return new InMemoryVolumeReader(options, segment).lastEntryIndex();
  }

  /** Reads one segment's records on its own, as etcd's TestCut decodes the new tail alone. */
  private record InMemoryVolumeReader(WalOptions options, SegmentId segment) {
    List<Long> types() throws Exception {
      List<Long> types = new ArrayList<>();
      read(reader -> types.add(reader.type()));
      return types;
    }

    HardState firstState() throws Exception {
      List<HardState> states = new ArrayList<>();
      read(
          reader -> {
            if (reader.type() == RecordType.STATE) {
              states.add(
                  PayloadDecoder.hardState(
                      reader.dataArray(), reader.dataOffset(), reader.dataLength()));
            }
          });
      return states.get(0);
    }

    long lastEntryIndex() throws Exception {
      PayloadDecoder.EntryHeader header = new PayloadDecoder.EntryHeader();
      long[] last = {-1};
      read(
          reader -> {
            if (reader.type() == RecordType.ENTRY) {
              PayloadDecoder.parseEntry(
                  reader.dataArray(), reader.dataOffset(), reader.dataLength(), header);
              last[0] = header.index;
            }
          });
      return last[0];
    }

    private void read(RecordVisitor visitor) throws Exception {
      try (LogStorage storage = StorageProviders.open(options);
          RecordReader reader = new RecordReader(storage::openReader, List.of(segment))) {
        while (reader.next()) {
          visitor.visit(reader);
        }
      }
    }
  }

  private interface RecordVisitor {
    void visit(RecordReader reader) throws Exception;
  }
}
