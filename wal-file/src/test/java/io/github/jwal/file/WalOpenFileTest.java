package io.github.jwal.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.ConfState;
import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import io.github.jwal.Wal;
import io.github.jwal.WalContents;
import io.github.jwal.WalCorruptException;
import io.github.jwal.WalNotFoundException;
import io.github.jwal.WalOptions;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Which segment files {@link Wal#open} selects: etcd's TestOpenAtIndex, TestRecoverAfterCut and
 * TestOpenForRead (wal_test.go).
 */
class WalOpenFileTest extends WalFileTestBase {
  private static final SegmentId TWO_AT_TEN = id(2, 10);

  /**
   * etcd's test only opens. jwal's log tells which segments it holds once read; an empty segment
   * has no snapshot record, which jwal reports (etcd forgets it in write mode:
   * docs/etcd-differences.md, Snapshot not found in write mode) while leaving the log ready to
   * append.
   */

  // etcd: TestOpenAtIndex (an empty 0-0.wal opens, at sequence 0). jwal opens it too, but reading
  // it is corruption, not etcd's ErrSnapshotNotFound: a published segment always had its head.
  @ParameterizedTest
  @EnumSource(Fs.class)
  void anEmptyFirstSegmentFileOpensAtSequenceZero(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    segmentFile(dir, SegmentId.FIRST, "");

    Wal wal = track(Wal.open(options(dir), Snapshot.ZERO));

    WalCorruptException e = assertThrows(WalCorruptException.class, wal::readAll);
    assertEquals(SegmentId.FIRST.fileName(), e.segment());
  }

  // etcd: TestOpenAtIndex (the last segment starting at or before the index is the tail); the
  // empty files read as corruption in jwal, as above, and the read starts at the selected one
  @ParameterizedTest
  @EnumSource(Fs.class)
  void openAtAnIndexSelectsTheLastSegmentStartingAtOrBeforeIt(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    segmentFile(dir, SegmentId.FIRST, "");
    segmentFile(dir, TWO_AT_TEN, "");

    Wal wal = track(Wal.open(options(dir), Snapshot.of(10, 1)));

    WalCorruptException e = assertThrows(WalCorruptException.class, wal::readAll);
    assertEquals(TWO_AT_TEN.fileName(), e.segment(), "the read starts at the selected segment");
  }

  // etcd: TestOpenAtIndex opens 0-0.wal and 2-a.wal at index 5 and gets tail 2-a.wal, because its
  // isValidSeq skips the check after a sequence number 0 (docs/etcd-differences.md, Segment
  // sequence numbers). jwal differs on purpose: segment 1 is missing, so entries may be missing
  // too, and jwal reports the hole instead.
  @ParameterizedTest
  @EnumSource(Fs.class)
  void openAcrossAMissingSegmentAfterSegmentZeroIsNotFoundUnlikeEtcd(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    segmentFile(dir, SegmentId.FIRST, "");
    segmentFile(dir, TWO_AT_TEN, "");

    WalNotFoundException e =
        assertThrows(WalNotFoundException.class, () -> Wal.open(options(dir), Snapshot.of(5, 1)));

    assertTrue(e.getMessage().contains("do not increase continuously"), e.getMessage());
  }

  // etcd: TestOpenAtIndex (an empty directory gives ErrFileNotFound)
  @ParameterizedTest
  @EnumSource(Fs.class)
  void openingAnEmptyDirectoryIsNotFound(Fs fs) throws IOException {
    Path dir = Files.createDirectories(root(fs).resolve("empty"));

    WalNotFoundException e =
        assertThrows(WalNotFoundException.class, () -> Wal.open(options(dir), Snapshot.ZERO));

    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
  }

  /**
   * etcd's TestRecoverAfterCut log: for i in 0..9, snapshot {i, 1}, entry i, cut; so segment i
   * starts at index i and holds snapshot i and entry i; then segment 4 is deleted.
   */
  private WalOptions tenSegmentsWithTheFourthDeleted(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    // A segment size below the head's makes every save cut, as the test's explicit cut() does.
    WalOptions options = options(dir).withSegmentBytes(8);
    try (Wal wal = Wal.create(options, bytes("metadata"))) {
      for (long i = 0; i < 10; i++) {
        wal.saveSnapshot(new Snapshot(i, 1, ConfState.ofVoters(1L)));
        wal.save(HardState.EMPTY, List.of(Entry.of(0, i, null)));
      }
    }
    Files.delete(segmentPath(dir, id(4, 4)));
    return options;
  }

  // etcd: TestRecoverAfterCut (i <= 4: "do not increase continuously")
  @ParameterizedTest
  @EnumSource(Fs.class)
  void openingAtOrBeforeADeletedSegmentIsNotFound(Fs fs) throws IOException {
    WalOptions options = tenSegmentsWithTheFourthDeleted(fs);

    for (long i = 0; i <= 4; i++) {
      Snapshot at = Snapshot.of(i, 1);
      WalNotFoundException e =
          assertThrows(WalNotFoundException.class, () -> Wal.open(options, at), "at " + i);
      assertTrue(e.getMessage().contains("do not increase continuously"), e.getMessage());
    }
  }

  // etcd: TestRecoverAfterCut (i > 4: the entries after the snapshot, contiguous)
  @ParameterizedTest
  @EnumSource(Fs.class)
  void openingAfterADeletedSegmentReadsTheEntriesAfterTheSnapshot(Fs fs) throws IOException {
    WalOptions options = tenSegmentsWithTheFourthDeleted(fs);

    for (long i = 5; i < 10; i++) {
      try (Wal wal = Wal.open(options, Snapshot.of(i, 1))) {
        WalContents contents = wal.readAll();
        assertArrayEquals(bytes("metadata"), contents.metadata());
        assertEquals(
            LongStream.range(i + 1, 10).boxed().toList(), indexes(contents.entries()), "at " + i);
      }
    }
  }

  /** etcd's TestOpenForRead log: ten cuts, one entry each, and ReleaseLockTo(5). */
  private Wal tenCutsWithLocksReleasedToFive(WalOptions options) throws IOException {
    Wal wal = create(options, null);
    for (long i = 0; i < 10; i++) {
      wal.save(HardState.EMPTY, List.of(Entry.of(0, i, null)));
    }
    wal.releaseLockTo(5);
    return wal;
  }

  // etcd: TestOpenForRead
  @ParameterizedTest
  @EnumSource(Fs.class)
  void aReaderReadsEveryEntryWhileAWriterHoldsTheLog(Fs fs) throws IOException {
    WalOptions options = options(root(fs).resolve("wal")).withSegmentBytes(8);
    tenCutsWithLocksReleasedToFive(options);

    WalContents contents = readOnly(options, Snapshot.ZERO);

    assertEquals(9, contents.lastIndex(-1));
    assertEquals(LongStream.rangeClosed(1, 9).boxed().toList(), indexes(contents.entries()));
  }
}
