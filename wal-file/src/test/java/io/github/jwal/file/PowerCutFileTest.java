package io.github.jwal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.RepairResult;
import io.github.jwal.Snapshot;
import io.github.jwal.TornTailException;
import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 15: what a power cut during a save's sync leaves when the page cache wrote back a later
 * page of the save and not an earlier one. Save A is synced; save B, ten 1,000-byte entries, is
 * not; the crash image keeps A and some pages of B. Every such log opens, through the default
 * repair, with A whole and nothing of B after its first lost page.
 */
class PowerCutFileTest extends WalFileTestBase {
  private static final int PAGE = 4096;

  /** Which of save B's bytes the crash image keeps. */
  enum Image {
    /** The reproduction: B's bytes only from the first page boundary wholly after A. */
    LATER_PAGES_ONLY,
    /** B's first page, then a lost page, then the rest: a CRC mismatch inside a record. */
    A_MIDDLE_PAGE_LOST,
    /** Every other page of B. */
    EVERY_OTHER_PAGE,
    /** Only B's last page. */
    ONLY_THE_LAST_PAGE,
    /** A 512-byte sector in the middle of B. */
    A_SECTOR_LOST
  }

  private static List<Entry> entries(long from, int count, int size) {
    List<Entry> entries = new ArrayList<>();
    for (long i = from; i < from + count; i++) {
      entries.add(entry(1, i, size));
    }
    return entries;
  }

  /** Zeros the bytes of {@code [from, to)} that the image loses. */
  private static void lose(byte[] bytes, Image image, int from, int to) {
    int firstPage = (from + PAGE - 1) / PAGE * PAGE;
    switch (image) {
      case LATER_PAGES_ONLY -> Arrays.fill(bytes, from, Math.min(to, firstPage), (byte) 0);
      case A_MIDDLE_PAGE_LOST ->
          Arrays.fill(
              bytes, Math.min(to, firstPage + PAGE), Math.min(to, firstPage + 2 * PAGE), (byte) 0);
      case EVERY_OTHER_PAGE -> {
        Arrays.fill(bytes, from, Math.min(to, firstPage), (byte) 0);
        for (int page = firstPage + PAGE; page < to; page += 2 * PAGE) {
          Arrays.fill(bytes, page, Math.min(to, page + PAGE), (byte) 0);
        }
      }
      case ONLY_THE_LAST_PAGE -> Arrays.fill(bytes, from, (to - 1) / PAGE * PAGE, (byte) 0);
      case A_SECTOR_LOST -> {
        int sector = (from + (to - from) / 2) / 512 * 512;
        Arrays.fill(bytes, sector, sector + 512, (byte) 0);
      }
      default -> throw new AssertionError(image);
    }
  }

  @ParameterizedTest
  @EnumSource(Image.class)
  void aPowerCutThatKeptSomePagesOfAnUnsyncedSaveOpensThroughRepairWithTheSyncedSaveWhole(
      Image image) throws IOException {
    Path dir = tempDir.resolve("wal");
    WalOptions options = options(dir);
    List<Entry> a = entries(1, 7, 333);
    Path tail = segmentPath(dir, SegmentId.FIRST);
    int aEnd;
    try (Wal wal = Wal.create(options, bytes("power cut"))) {
      wal.save(new HardState(1, 1, 0), a);
      aEnd = (int) SegmentFrames.end(frames(tail));
      wal.save(new HardState(1, 1, 7), entries(8, 10, 1000));
    }
    byte[] bytes = Files.readAllBytes(tail);
    int bEnd = (int) SegmentFrames.end(frames(tail));
    lose(bytes, image, aEnd, bEnd);
    Files.write(tail, bytes);

    TornTailException torn;
    try (Wal wal = Wal.open(options, Snapshot.ZERO)) {
      torn = assertThrows(TornTailException.class, wal::readAll);
    }
    RepairResult result = Wal.repair(options);

    assertTrue(result.repaired(), result::toString);
    assertEquals(torn.offset(), result.cutAt());
    assertTrue(result.cutAt() >= aEnd, "the repair cut into the synced save: " + result);
    try (Wal wal = Wal.open(options, Snapshot.ZERO)) {
      List<Entry> read = wal.readAll().entries();
      assertEquals(a, read.subList(0, a.size()), "the synced save is whole");
      assertEquals(
          entries(8, read.size() - a.size(), 1000),
          read.subList(a.size(), read.size()),
          "what survived of the unsynced save is a prefix of it");
    }
  }
}
