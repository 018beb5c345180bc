package io.github.jwal.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.RepairPolicy;
import io.github.jwal.RepairResult;
import io.github.jwal.Snapshot;
import io.github.jwal.TornTailException;
import io.github.jwal.Wal;
import io.github.jwal.WalContents;
import io.github.jwal.WalCorruptException;
import io.github.jwal.WalNotFoundException;
import io.github.jwal.WalOptions;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Damaged tails on disk and {@link Wal#repair}: etcd's TestOpenOnTornWrite (wal_test.go) and
 * TestRepairTruncate, TestRepairWriteTearLast, TestRepairWriteTearMiddle and
 * TestRepairFailDeleteDir (repair_test.go). etcd cannot tell a torn write from damage followed by
 * valid, synced records (docs/etcd-differences.md, Torn tail or corruption); jwal can, and where
 * etcd's tests enshrine the confusion, these tests say where jwal differs and why.
 */
class WalRepairFileTest extends WalFileTestBase {
  private static final String FIRST = SegmentId.FIRST.fileName();

  /** The frames of the first segment as written, before a test damaged them. */
  private List<SegmentFrames.Frame> intact;

  /** etcd's makeEnts and testRepair: a log without metadata, one entry per save. */
  private WalOptions logOfOneEntryPerSave(WalOptions options, List<Entry> entries)
      throws IOException {
    try (Wal wal = Wal.create(options, null)) {
      for (Entry e : entries) {
        wal.save(HardState.EMPTY, List.of(e));
      }
    }
    intact = frames(segmentPath(options.location(), SegmentId.FIRST));
    return options;
  }

  private WalOptions logOfOneEntryPerSave(Path dir, List<Entry> entries) throws IOException {
    return logOfOneEntryPerSave(options(dir), entries);
  }

  /** Entries {@code 1..n} as etcd's makeEnts makes them: term 0, no data. */
  private static List<Entry> makeEnts(int n) {
    List<Entry> entries = new ArrayList<>();
    for (long i = 1; i <= n; i++) {
      entries.add(Entry.of(0, i, null));
    }
    return entries;
  }

  private static void zero(Path file, long from, long to) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    Arrays.fill(bytes, (int) from, (int) to, (byte) 0);
    Files.write(file, bytes);
  }

  private static List<String> backups(Path dir) throws IOException {
    return names(dir).stream().filter(name -> name.endsWith(".broken")).toList();
  }

  // TestOpenOnTornWrite: forty entries, indexes 0..39, one per save; then the frame of entry 21
  // zeroed in place, entries 22..39 intact after it.

  private static final int MAX_ENTRIES = 40;
  private static final int CLOBBER_INDEX = 20;
  private static final int OVERWRITE_ENTRIES = 5;

  private WalOptions logWithTheFrameOfEntry21Zeroed(Path dir) throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (long i = 0; i < MAX_ENTRIES; i++) {
      entries.add(Entry.of(0, i, null));
    }
    WalOptions options = logOfOneEntryPerSave(dir, entries);
    SegmentFrames.Frame clobbered = SegmentFrames.entryAt(intact, CLOBBER_INDEX + 1);
    zero(segmentPath(dir, SegmentId.FIRST), clobbered.offset(), clobbered.end());
    return options;
  }

  private long offsetOfEntry21() {
    return SegmentFrames.entryAt(intact, CLOBBER_INDEX + 1).offset();
  }

  // etcd: TestOpenOnTornWrite. etcd reads the zero length word as the end of the log, returns
  // entries up to 20 without an error and then zeroes the 18 entries after it
  // (docs/etcd-differences.md, A zero length word before intact records). jwal reports
  // a torn tail naming the segment and offset: a crash that lost a byte range of an unsynced write
  // leaves exactly this, with the write's later records after it (docs/fault-model.md), and nothing
  // in the bytes proves the entries after it were synced.
  @ParameterizedTest
  @EnumSource(Fs.class)
  void aZeroedFrameFollowedByEntriesIsATornTailNotASilentEnd(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    WalOptions options = logWithTheFrameOfEntry21Zeroed(dir);
    long clobbered = offsetOfEntry21();

    Wal wal = track(Wal.open(options, Snapshot.ZERO));
    TornTailException e = assertThrows(TornTailException.class, wal::readAll);

    assertEquals(FIRST, e.segment());
    assertEquals(clobbered, e.offset());
  }

  // etcd: TestOpenOnTornWrite. etcd's OpenForRead stops silently at the zero word; jwal's read mode
  // stops there too, and reports the torn tail.
  @ParameterizedTest
  @EnumSource(Fs.class)
  void readModeReportsAZeroedFrameFollowedByEntriesAsATornTail(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    WalOptions options = logWithTheFrameOfEntry21Zeroed(dir);

    WalContents contents = readOnly(options, Snapshot.ZERO);

    assertEquals(offsetOfEntry21(), contents.tornTail().offset());
    assertEquals(CLOBBER_INDEX, contents.lastIndex(-1));
  }

  // etcd: TestOpenOnTornWrite. The default repair cuts the torn tail at the zeroed frame, where
  // etcd's ReadAll ends the log, and keeps a backup of the whole segment.
  @ParameterizedTest
  @EnumSource(Fs.class)
  void theDefaultRepairCutsAtAZeroedFrameAndKeepsABackup(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    WalOptions options = logWithTheFrameOfEntry21Zeroed(dir);
    byte[] before = Files.readAllBytes(segmentPath(dir, SegmentId.FIRST));

    RepairResult result = Wal.repair(options);

    assertEquals(offsetOfEntry21(), result.cutAt());
    assertArrayEquals(before, Files.readAllBytes(dir.resolve(result.backup())));
  }

  // jwal, not etcd: the zeroed length word of entry 21 with its record intact after it. The record
  // continues the CRC chain, so only the word changed: a crash loses bytes, it does not change
  // them.
  // etcd would end the log there and zero the synced entries after it; jwal reports corruption, and
  // the default repair cuts nothing.
  @ParameterizedTest
  @EnumSource(Fs.class)
  void aZeroedLengthWordBeforeIntactEntriesIsCorruptionAndIsNotCut(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    List<Entry> entries = new ArrayList<>();
    for (long i = 0; i < MAX_ENTRIES; i++) {
      entries.add(Entry.of(0, i, null));
    }
    WalOptions options = logOfOneEntryPerSave(dir, entries);
    long word = offsetOfEntry21();
    assertTrue((word + 8) % 512 != 0, "the word must not end at a sector boundary here");
    zero(segmentPath(dir, SegmentId.FIRST), word, word + 8);
    byte[] before = Files.readAllBytes(segmentPath(dir, SegmentId.FIRST));

    WalCorruptException e = assertThrows(WalCorruptException.class, () -> Wal.repair(options));

    assertFalse(e instanceof TornTailException, e.toString());
    assertEquals(word, e.offset());
    assertArrayEquals(before, Files.readAllBytes(segmentPath(dir, SegmentId.FIRST)));
    assertEquals(List.of(), backups(dir));
  }

  // etcd: TestOpenOnTornWrite. Asked to discard the damaged tail, jwal cuts at the zeroed frame,
  // which
  // is where etcd's ReadAll ends the log; appending 20..24 then gives etcd's (20 - 1) + 5 entries.
  @ParameterizedTest
  @EnumSource(Fs.class)
  void discardingTheDamagedTailCutsAtTheZeroedFrameAndTheLogGoesOnAsEtcds(Fs fs)
      throws IOException {
    Path dir = root(fs).resolve("wal");
    WalOptions options = logWithTheFrameOfEntry21Zeroed(dir);

    RepairResult result = Wal.repair(options, RepairPolicy.DISCARD_DAMAGED_TAIL);
    try (Wal wal = Wal.open(options, Snapshot.ZERO)) {
      assertEquals(CLOBBER_INDEX, wal.readAll().lastIndex(-1));
      for (long i = 0; i < OVERWRITE_ENTRIES; i++) {
        wal.save(HardState.EMPTY, List.of(Entry.of(0, i + CLOBBER_INDEX, bytes("new"))));
      }
    }

    assertEquals(offsetOfEntry21(), result.cutAt());
    List<Entry> entries = readOnly(options, Snapshot.ZERO).entries();
    assertEquals((CLOBBER_INDEX - 1) + OVERWRITE_ENTRIES, entries.size());
    assertEquals(LongStream.rangeClosed(1, 24).boxed().toList(), indexes(entries));
    for (Entry e : entries.subList(CLOBBER_INDEX - 1, entries.size())) {
      assertArrayEquals(bytes("new"), e.data(), e.toString());
    }
  }

  // TestRepairTruncate: ten entries, the file cut 4 bytes short of the end of its data.

  private WalOptions tenEntriesCutFourBytesShort(Path dir) throws IOException {
    WalOptions options = logOfOneEntryPerSave(dir, makeEnts(10));
    Path tail = segmentPath(dir, SegmentId.FIRST);
    Files.write(tail, Arrays.copyOf(Files.readAllBytes(tail), (int) SegmentFrames.end(intact) - 4));
    return options;
  }

  // etcd: TestRepairTruncate (ReadAll gives io.ErrUnexpectedEOF)
  @ParameterizedTest
  @EnumSource(Fs.class)
  void aLastRecordCutShortIsATornTailAtItsFrame(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    WalOptions options = tenEntriesCutFourBytesShort(dir);

    Wal wal = track(Wal.open(options, Snapshot.ZERO));
    TornTailException e = assertThrows(TornTailException.class, wal::readAll);

    assertEquals(FIRST, e.segment());
    assertEquals(intact.get(intact.size() - 1).offset(), e.offset());
  }

  // etcd: TestRepairTruncate (Repair keeps <segment>.broken, mode 0600 from 3.6, a copy of the
  // file)
  @ParameterizedTest
  @EnumSource(Fs.class)
  void repairKeepsAPrivateBackupOfTheDamagedSegmentsBytes(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    WalOptions options = tenEntriesCutFourBytesShort(dir);
    byte[] damaged = Files.readAllBytes(segmentPath(dir, SegmentId.FIRST));

    RepairResult result = Wal.repair(options);

    assertTrue(result.repaired());
    assertEquals(FIRST + ".broken", result.backup());
    assertEquals(List.of(result.backup()), backups(dir));
    Path backup = dir.resolve(result.backup());
    assertArrayEquals(damaged, Files.readAllBytes(backup));
    if (backup.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals(
          "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)));
    }
  }

  // etcd: TestRepairTruncate (9 entries remain)
  @ParameterizedTest
  @EnumSource(Fs.class)
  void repairingATruncatedRecordLeavesTheEntriesBeforeIt(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    WalOptions options = tenEntriesCutFourBytesShort(dir);

    Wal.repair(options);

    WalContents contents = track(Wal.open(options, Snapshot.ZERO)).readAll();
    assertEquals(LongStream.rangeClosed(1, 9).boxed().toList(), indexes(contents.entries()));
  }

  // etcd: TestRepairTruncate, via testRepair (10 more entries appended to the repaired log read
  // back)
  @ParameterizedTest
  @EnumSource(Fs.class)
  void aRepairedLogTakesAppendsThatReadBack(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    WalOptions options = tenEntriesCutFourBytesShort(dir);
    Wal.repair(options);

    try (Wal wal = Wal.open(options, Snapshot.ZERO)) {
      int kept = wal.readAll().entries().size();
      for (long i = 1; i <= 10; i++) {
        wal.save(HardState.EMPTY, List.of(Entry.of(0, kept + i, null)));
      }
    }

    WalContents contents = track(Wal.open(options, Snapshot.ZERO)).readAll();
    assertEquals(LongStream.rangeClosed(1, 19).boxed().toList(), indexes(contents.entries()));
  }

  // etcd: TestRepairWriteTearLast (the data zeroed from offset 1024 to its end; etcd keeps 40 of
  // 50)
  @ParameterizedTest
  @EnumSource(Fs.class)
  void repairOfARecordTornAtASectorLeavesTheEntriesWrittenBeforeIt(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    WalOptions options = logOfOneEntryPerSave(dir, makeEnts(50));
    Path tail = segmentPath(dir, SegmentId.FIRST);
    byte[] bytes = Files.readAllBytes(tail);
    int end = (int) SegmentFrames.end(intact);
    assertTrue(
        intact.stream().anyMatch(f -> f.offset() < 1024 && f.end() > 1024),
        "a record straddles offset 1024, as in etcd's test");
    long before = SegmentFrames.entries(intact).stream().filter(f -> f.end() <= 1024).count();
    byte[] torn = Arrays.copyOf(bytes, end);
    Arrays.fill(torn, 1024, end, (byte) 0);
    Files.write(tail, torn);

    RepairResult result = Wal.repair(options);

    assertTrue(result.repaired(), result.toString());
    List<Entry> entries = track(Wal.open(options, Snapshot.ZERO)).readAll().entries();
    assertEquals(LongStream.rangeClosed(1, before).boxed().toList(), indexes(entries));
    assertEquals(40, before, "the bytes are etcd's, so the count is etcd's");
  }

  // TestRepairWriteTearMiddle: five entries of 4096 bytes; 512 bytes zeroed at 4096 + 512, inside
  // the
  // second record, records 3..5 intact after it.

  /** Five entries of 4096 patterned bytes, as TestRepairWriteTearMiddle writes them. */
  private static List<Entry> fiveBigEntries() {
    byte[] data = new byte[4096];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    List<Entry> entries = new ArrayList<>();
    for (Entry e : makeEnts(5)) {
      entries.add(Entry.of(e.term(), e.index(), data));
    }
    return entries;
  }

  private WalOptions fiveBigEntriesTornInTheSecond(Path dir) throws IOException {
    WalOptions options = logOfOneEntryPerSave(dir, fiveBigEntries());
    SegmentFrames.Frame second = SegmentFrames.entryAt(intact, 2);
    assertTrue(
        second.offset() < 4096 + 512 && 4096 + 1024 <= second.end(),
        "the zeroed sector lies inside record 2, as in etcd's test");
    zero(segmentPath(dir, SegmentId.FIRST), 4096 + 512, 4096 + 1024);
    return options;
  }

  private long offsetOfEntry2() {
    return SegmentFrames.entryAt(intact, 2).offset();
  }

  // etcd: TestRepairWriteTearMiddle. etcd calls a CRC failure with an all-zero sector a torn write
  // (io.ErrUnexpectedEOF) even with valid records after it (docs/etcd-differences.md, Torn tail or
  // corruption), and so does jwal: a lost sector of an unsynced write leaves that, and records 3..5
  // may be the rest of the same write.
  @ParameterizedTest
  @EnumSource(Fs.class)
  void aZeroedSectorInsideARecordFollowedByRecordsIsATornTail(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    WalOptions options = fiveBigEntriesTornInTheSecond(dir);

    Wal wal = track(Wal.open(options, Snapshot.ZERO));
    TornTailException e = assertThrows(TornTailException.class, wal::readAll);

    assertEquals(FIRST, e.segment());
    assertEquals(offsetOfEntry2(), e.offset());
  }

  // etcd: TestRepairWriteTearMiddle (Repair leaves 1 entry): the default repair gives etcd's
  // result.
  @ParameterizedTest
  @EnumSource(Fs.class)
  void theDefaultRepairLeavesTheOneEntryBeforeTheTearAsEtcds(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    WalOptions options = fiveBigEntriesTornInTheSecond(dir);

    RepairResult result = Wal.repair(options);

    assertEquals(offsetOfEntry2(), result.cutAt());
    List<Entry> entries = track(Wal.open(options, Snapshot.ZERO)).readAll().entries();
    assertEquals(List.of(1L), indexes(entries));
  }

  // jwal, not etcd: one flipped bit in record 2's data (synced), records 3..5 after it. One bit
  // explains the CRC, which a lost sector cannot: corruption, and the default repair cuts nothing.
  @ParameterizedTest
  @EnumSource(Fs.class)
  void aFlippedBitInsideARecordIsCorruptionAndIsNotCut(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    WalOptions options = logOfOneEntryPerSave(dir, fiveBigEntries());
    Path segment = segmentPath(dir, SegmentId.FIRST);
    byte[] bytes = Files.readAllBytes(segment);
    bytes[(int) offsetOfEntry2() + 700] ^= 0x10;
    Files.write(segment, bytes);

    WalCorruptException e = assertThrows(WalCorruptException.class, () -> Wal.repair(options));

    assertFalse(e instanceof TornTailException, e.toString());
    assertEquals(offsetOfEntry2(), e.offset());
    assertEquals(List.of(), backups(dir));
  }

  // etcd: TestRepairWriteTearMiddle (Repair leaves 1 entry): with DISCARD_DAMAGED_TAIL, as etcd's.
  @ParameterizedTest
  @EnumSource(Fs.class)
  void discardingTheDamagedTailLeavesTheOneEntryBeforeTheTearAsEtcds(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    WalOptions options = fiveBigEntriesTornInTheSecond(dir);

    RepairResult result = Wal.repair(options, RepairPolicy.DISCARD_DAMAGED_TAIL);

    assertEquals(offsetOfEntry2(), result.cutAt());
    List<Entry> entries = track(Wal.open(options, Snapshot.ZERO)).readAll().entries();
    assertEquals(List.of(1L), indexes(entries));
  }

  // etcd: TestRepairFailDeleteDir
  @ParameterizedTest
  @EnumSource(Fs.class)
  void repairOfARemovedDirectoryFailsNamingIt(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    WalOptions options = logOfOneEntryPerSave(options(dir).withSegmentBytes(64), makeEnts(50));
    Path tail = lastSegment(dir);
    // The tail holds only its head: a record torn after it is the first 12 bytes of a frame.
    byte[] head = Arrays.copyOf(Files.readAllBytes(tail), (int) SegmentFrames.end(frames(tail)));
    byte[] torn = Arrays.copyOf(head, head.length + 12);
    System.arraycopy(head, 0, torn, head.length, 12);
    Files.write(tail, torn);
    try (Wal wal = Wal.open(options, Snapshot.ZERO)) {
      assertThrows(TornTailException.class, wal::readAll);
    }
    FileTrees.delete(dir);

    WalNotFoundException e = assertThrows(WalNotFoundException.class, () -> Wal.repair(options));

    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
  }
}
