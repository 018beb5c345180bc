package io.github.jwal.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import io.github.jwal.TornTailException;
import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PowerCutTest {
  @TempDir Path tmp;

  private WalOptions options() {
    return WalOptions.at(tmp.resolve("wal")).withStorage("file").withSegmentBytes(64 * 1024);
  }

  private Path segment() {
    return tmp.resolve("wal").resolve("0000000000000000-0000000000000000.wal");
  }

  /** A log whose last save holds {@code entries} entries of {@code bytes} bytes each. */
  private void logWithLastSave(int entries, int bytes) throws IOException {
    try (Wal wal = Wal.create(options(), null)) {
      wal.save(new HardState(1, 1, 0), List.of(Entry.of(1, 1, DemoPayloads.of(1, 100))));
      List<Entry> save = new ArrayList<>();
      for (int i = 2; i < 2 + entries; i++) {
        save.add(Entry.of(1, i, DemoPayloads.of(i, bytes)));
      }
      wal.save(new HardState(1, 1, 1), save);
    }
  }

  @Test
  void aSaveWithASectorBoundaryInsideARecordIsTornThere() throws IOException {
    logWithLastSave(4, 600);
    PowerCut.Tear tear = PowerCut.tearLastSave(segment(), 5);
    assertTrue(tear.atSector());
    assertEquals(0, tear.keptUpTo() % PowerCut.SECTOR);
  }

  @Test
  void theBytesBeforeTheCutAreKeptAndTheRestZeroed() throws IOException {
    logWithLastSave(4, 600);
    byte[] before = Files.readAllBytes(segment());
    PowerCut.Tear tear = PowerCut.tearLastSave(segment(), 5);
    byte[] after = Files.readAllBytes(segment());
    int keep = (int) tear.keptUpTo();
    assertArrayEquals(Arrays.copyOf(before, keep), Arrays.copyOf(after, keep));
    assertTrue(allZero(after, keep, after.length));
  }

  @Test
  void aSmallSaveWithoutASectorBoundaryIsTornHalfwayIntoItsFirstRecord() throws IOException {
    logWithLastSave(1, 1);
    PowerCut.Tear tear = PowerCut.tearLastSave(segment(), 2);
    assertFalse(tear.atSector());
    assertEquals(0, tear.tornFrame());
  }

  @Test
  void jwalReadsTheResultAsATornTail() throws IOException {
    logWithLastSave(4, 600);
    PowerCut.tearLastSave(segment(), 5);
    try (Wal wal = Wal.open(options(), Snapshot.ZERO)) {
      assertThrows(TornTailException.class, wal::readAll);
    }
  }

  private static boolean allZero(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
