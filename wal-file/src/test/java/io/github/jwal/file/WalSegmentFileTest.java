package io.github.jwal.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import io.github.jwal.Wal;
import io.github.jwal.WalContents;
import io.github.jwal.WalOptions;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Segments on disk as saves fill them: etcd's TestCut, TestSaveWithCut, TestRecover,
 * TestTailWriteNoSlackSpace and TestReleaseLockTo (wal_test.go).
 */
class WalSegmentFileTest extends WalFileTestBase {
  /** etcd's TestSaveWithCut segment size, and its entry size. */
  private static final long SMALL_SEGMENT = 2 * 1024;

  private static final int ENTRY_SIZE = 500;

  // etcd: TestCut (a state-only save then cut gives 1-1.wal; an entry at index 1 then cut, 2-2.wal)
  @ParameterizedTest
  @EnumSource(Fs.class)
  void eachCutPublishesAFileNamedForItsSequenceAndFirstIndex(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    // A segment size below the head's makes every save cut, as the test's explicit cut() does.
    Wal wal = create(options(dir).withSegmentBytes(8), null);

    wal.save(new HardState(1, 0, 0), List.of());
    assertEquals(List.of(SegmentId.FIRST.fileName(), id(1, 1).fileName()), segmentNames(dir));
    wal.save(HardState.EMPTY, List.of(Entry.of(1, 1, new byte[] {1})));

    assertEquals(
        List.of(SegmentId.FIRST.fileName(), id(1, 1).fileName(), id(2, 2).fileName()),
        segmentNames(dir));
    assertEquals(List.of(SegmentId.FIRST, id(1, 1), id(2, 2)), wal.lockedSegments());
  }

  // etcd: TestCut (the new tail's file holds the hard state, read before the writer closes: the cut
  // synced it)
  @ParameterizedTest
  @EnumSource(Fs.class)
  void aCutSegmentsFileHoldsTheLastHardStateBeforeTheWriterCloses(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    Wal wal = create(options(dir).withSegmentBytes(8), null);
    wal.save(new HardState(1, 0, 0), List.of());
    wal.save(HardState.EMPTY, List.of(Entry.of(1, 1, new byte[] {1})));
    wal.saveSnapshot(Snapshot.of(2, 1));

    List<SegmentFrames.Frame> tail = frames(segmentPath(dir, id(2, 2)));

    List<Long> types = tail.stream().map(SegmentFrames.Frame::type).toList();
    assertEquals(
        List.of(
            SegmentFrames.CRC, SegmentFrames.METADATA, SegmentFrames.STATE, SegmentFrames.SNAPSHOT),
        types);
    assertArrayEquals(new long[] {1, 0, 0}, tail.get(2).hardState());
    assertArrayEquals(new long[] {2, 1}, tail.get(3).snapshot());
  }

  /**
   * Saves {@link #ENTRY_SIZE}-byte entries into {@link #SMALL_SEGMENT} segments until three exist.
   */
  private Path threeSmallSegments(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    Wal wal = create(options(dir).withSegmentBytes(SMALL_SEGMENT), bytes("metadata"));
    long index = 1;
    while (wal.lockedSegments().size() < 3) {
      wal.save(new HardState(1, 0, index - 1), List.of(entry(1, index, ENTRY_SIZE)));
      index++;
    }
    wal.save(new HardState(1, 0, index - 1), List.of(entry(1, index, ENTRY_SIZE)));
    wal.close();
    return dir;
  }

  // etcd: TestSaveWithCut (a cut truncates the old tail at the end of its last record;
  // docs/format.md, What each segment contains)
  @ParameterizedTest
  @EnumSource(Fs.class)
  void aCutTruncatesTheSealedSegmentAtTheEndOfItsLastRecord(Fs fs) throws IOException {
    Path dir = threeSmallSegments(fs);
    List<String> segments = segmentNames(dir);

    for (String sealed : segments.subList(0, segments.size() - 1)) {
      Path file = dir.resolve(sealed);
      assertEquals(SegmentFrames.end(frames(file)), Files.size(file), sealed);
    }
  }

  // etcd: TestSaveWithCut (the tail keeps its preallocated zeros; close does not cut them;
  // docs/format.md, What each segment contains)
  @ParameterizedTest
  @EnumSource(Fs.class)
  void theTailKeepsItsPreallocatedSizeAfterClose(Fs fs) throws IOException {
    Path dir = threeSmallSegments(fs);
    Path tail = lastSegment(dir);

    byte[] bytes = Files.readAllBytes(tail);

    long end = SegmentFrames.end(SegmentFrames.of(bytes));
    assertTrue(end < SMALL_SEGMENT, "the tail holds less than a segment: " + end);
    assertEquals(SMALL_SEGMENT, bytes.length);
    assertTrue(allZero(bytes, (int) end));
  }

  // etcd: TestSaveWithCut (reopen finds the tail 1-<index>; the state and the entries read back)
  @ParameterizedTest
  @EnumSource(Fs.class)
  void entriesSavedUpToACutReadBackAfterReopen(Fs fs) throws IOException {
    WalOptions options = options(root(fs).resolve("wal")).withSegmentBytes(SMALL_SEGMENT);
    HardState state = new HardState(1, 0, 0);
    byte[] bigData = Arrays.copyOf(bytes("Hello World!!"), ENTRY_SIZE);
    long index = 0;
    try (Wal wal = Wal.create(options, bytes("metadata"))) {
      wal.save(state, List.of());
      for (long total = 0; total < SMALL_SEGMENT; total += ENTRY_SIZE) {
        wal.save(state, List.of(Entry.of(1, index, bigData)));
        index++;
      }
    }

    Wal reopened = track(Wal.open(options, Snapshot.ZERO));
    WalContents contents = reopened.readAll();

    List<SegmentId> locked = reopened.lockedSegments();
    assertEquals(id(1, index), locked.get(locked.size() - 1));
    assertEquals(state, contents.hardState());
    assertEquals(SMALL_SEGMENT / ENTRY_SIZE, contents.entries().size());
    for (Entry e : contents.entries()) {
      assertArrayEquals(bigData, e.data(), e.toString());
    }
  }

  // etcd: TestRecover, with its 10, 20 and 40 MiB entries (no 10 MiB limit: docs/format.md,
  // Differences between etcd versions)
  @ParameterizedTest
  @EnumSource(Fs.class)
  void entriesOfTenToFortyMebibytesReadBackWithTheLastState(Fs fs) throws IOException {
    WalOptions options = options(root(fs).resolve("wal")).withSegmentBytes(1 << 20);
    List<Entry> big = List.of(entry(1, 1, 10 << 20), entry(1, 2, 20 << 20), entry(1, 3, 40 << 20));
    try (Wal wal = Wal.create(options, bytes("metadata"))) {
      wal.save(HardState.EMPTY, big);
      wal.save(new HardState(1, 1, 1), List.of());
      wal.save(new HardState(2, 2, 2), List.of());
    }

    WalContents contents = track(Wal.open(options, Snapshot.ZERO)).readAll();

    assertArrayEquals(bytes("metadata"), contents.metadata());
    assertEquals(big, contents.entries());
    assertEquals(new HardState(2, 2, 2), contents.hardState());
  }

  // etcd: TestTailWriteNoSlackSpace
  @ParameterizedTest
  @EnumSource(Fs.class)
  void aTailWithoutPreallocatedSpaceTakesAppends(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    WalOptions options = options(dir);
    try (Wal wal = Wal.create(options, bytes("metadata"))) {
      for (long i = 1; i <= 5; i++) {
        wal.save(new HardState(1, 0, 0), List.of(Entry.of(1, i, new byte[] {(byte) i})));
      }
    }
    Path tail = segmentPath(dir, SegmentId.FIRST);
    byte[] written = Files.readAllBytes(tail);
    Files.write(tail, Arrays.copyOf(written, (int) SegmentFrames.end(SegmentFrames.of(written))));

    try (Wal wal = Wal.open(options, Snapshot.ZERO)) {
      assertEquals(5, wal.readAll().entries().size());
      for (long i = 6; i <= 10; i++) {
        wal.save(new HardState(1, 0, 0), List.of(Entry.of(1, i, new byte[] {(byte) i})));
      }
    }

    List<Entry> all = readOnly(options, Snapshot.ZERO).entries();
    assertEquals(LongStream.rangeClosed(1, 10).boxed().toList(), indexes(all));
    assertEquals(SegmentFrames.end(frames(tail)), Files.size(tail), "appends grew the file");
  }

  // etcd: TestReleaseLockTo, then PurgeFile (docs/writing.md, Purge) in this process
  @ParameterizedTest
  @EnumSource(Fs.class)
  void purgeDeletesOnlyTheFilesOfReleasedSegments(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    WalOptions options = options(dir).withSegmentBytes(8);
    Wal wal = create(options, null);
    for (long i = 0; i < 10; i++) {
      wal.save(HardState.EMPTY, List.of(Entry.of(1, i, null)));
    }
    wal.saveSnapshot(Snapshot.of(5, 1));
    wal.releaseLockTo(5);

    List<SegmentId> purged = Wal.purge(options, 1);

    assertEquals(
        LongStream.rangeClosed(0, 3).boxed().toList(),
        purged.stream().map(SegmentId::firstIndex).toList());
    List<String> held = new ArrayList<>();
    for (SegmentId id : wal.lockedSegments()) {
      held.add(id.fileName());
    }
    assertEquals(held, segmentNames(dir));
    assertEquals(9, readOnly(options, Snapshot.of(5, 1)).lastIndex(-1));
  }
}
