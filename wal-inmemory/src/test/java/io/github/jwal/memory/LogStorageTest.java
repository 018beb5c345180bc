package io.github.jwal.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.WalClosedException;
import io.github.jwal.WalExistsException;
import io.github.jwal.faults.FaultPlan;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentWriter;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LogStorageTest extends VolumeTest {
  private static final byte[] DATA = pattern(600, 6);
  private static final SegmentId SECOND = new SegmentId(1, 20);

  @Test
  void aNewLocationHoldsNoLog() throws IOException {
    try (LogStorage storage = open()) {
      assertFalse(storage.exists());
      assertEquals(List.of(), storage.segments());
    }
  }

  @Test
  void theLocationIsTheNormalizedAbsolutePath() throws IOException {
    try (LogStorage storage = open()) {
      assertEquals(location.toAbsolutePath().normalize().toString(), storage.location());
    }
  }

  @Test
  void theLogExistsOnceItsFirstSegmentIsPublished() throws IOException {
    try (LogStorage storage = open()) {
      SegmentWriter first = storage.create();
      assertFalse(storage.exists());

      first.publish(SegmentId.FIRST);

      assertTrue(storage.exists());
    }
  }

  @Test
  void creatingWhereALogExistsThrowsWalExists() throws IOException {
    try (LogStorage storage = open()) {
      createLog(storage);
    }
    try (LogStorage again = open()) {
      var exists = assertThrows(WalExistsException.class, again::create);
      assertTrue(exists.getMessage().contains(again.location()), exists.getMessage());
    }
  }

  @Test
  void segmentsAreListedInSequenceOrder() throws IOException {
    SegmentId third = new SegmentId(2, 30);
    volume.putSegment(third, DATA);
    volume.putSegment(SegmentId.FIRST, DATA);
    volume.putSegment(SECOND, DATA);

    try (LogStorage storage = open()) {
      assertEquals(List.of(SegmentId.FIRST, SECOND, third), storage.segments());
    }
  }

  @Test
  void deletingAReleasedSegmentRemovesIt() throws IOException {
    volume.putSegment(SegmentId.FIRST, DATA);
    volume.putSegment(SECOND, DATA);
    try (LogStorage storage = open()) {
      storage.lock();
      storage.hold(List.of(SegmentId.FIRST, SECOND));
      storage.release(SegmentId.FIRST);
      storage.delete(SegmentId.FIRST);
      assertEquals(List.of(SECOND), storage.segments());
    }
  }

  @Test
  void deletingASegmentAWriterHoldsIsLocked() throws IOException {
    volume.putSegment(SegmentId.FIRST, DATA);
    try (LogStorage writer = open();
        LogStorage purger = open()) {
      writer.lock();
      writer.hold(List.of(SegmentId.FIRST));
      assertThrows(io.github.jwal.WalLockedException.class, () -> purger.delete(SegmentId.FIRST));
      assertEquals(List.of(SegmentId.FIRST), purger.segments());
    }
  }

  @Test
  void openingAReaderForAMissingSegmentThrowsNoSuchFileNamingIt() throws IOException {
    try (LogStorage storage = open()) {
      var missing = assertThrows(NoSuchFileException.class, () -> storage.openReader(SECOND));
      assertEquals(SECOND.fileName(), missing.getFile());
    }
  }

  @Test
  void aPutSegmentIsPublishedDurableAndReadable() throws IOException {
    volume.putSegment(SegmentId.FIRST, DATA);

    try (LogStorage storage = open()) {
      assertArrayEquals(DATA, readAll(storage, SegmentId.FIRST));
    }
    assertEquals(DATA.length, volume.durablePrefix(SegmentId.FIRST));
  }

  @Test
  void truncateIsDurable() throws IOException {
    try (LogStorage storage = open()) {
      SegmentWriter writer = createLog(storage);
      write(writer, DATA);
      writer.close();

      storage.truncate(SegmentId.FIRST, 100);
    }

    volume.crash(FaultPlan.loseUnsynced(), 0);

    assertArrayEquals(Arrays.copyOf(DATA, 100), volume.contents(SegmentId.FIRST));
    assertEquals(100, volume.size(SegmentId.FIRST));
  }

  @Test
  void truncatingBeyondTheSegmentIsRejected() throws IOException {
    volume.putSegment(SegmentId.FIRST, DATA);
    try (LogStorage storage = open()) {
      storage.lock();
      storage.hold(List.of(SegmentId.FIRST));

      var beyond =
          assertThrows(
              IllegalArgumentException.class,
              () -> storage.truncate(SegmentId.FIRST, DATA.length + 1));
      assertThrows(IllegalArgumentException.class, () -> storage.truncate(SegmentId.FIRST, -1));
      assertTrue(beyond.getMessage().contains(Integer.toString(DATA.length)), beyond.getMessage());
    }
  }

  @Test
  void truncatingASegmentThatIsNotLockedIsRejected() throws IOException {
    volume.putSegment(SegmentId.FIRST, DATA);
    try (LogStorage storage = open()) {
      assertThrows(IllegalStateException.class, () -> storage.truncate(SegmentId.FIRST, 0));
    }
  }

  @Test
  void aReleasedSegmentIsNoLongerLocked() throws IOException {
    volume.putSegment(SegmentId.FIRST, DATA);
    try (LogStorage storage = open()) {
      storage.lock();
      storage.hold(List.of(SegmentId.FIRST));

      storage.release(SegmentId.FIRST);

      assertThrows(IllegalStateException.class, () -> storage.truncate(SegmentId.FIRST, 0));
    }
  }

  @Test
  void releasingAnUnknownSegmentIsIgnored() throws IOException {
    try (LogStorage storage = open()) {
      assertDoesNotThrow(() -> storage.release(SECOND));
    }
  }

  @Test
  void backupCopiesTheWholeSegmentUnderItsBrokenName() throws IOException {
    try (LogStorage storage = open()) {
      write(createLog(storage), DATA);

      String name = storage.backup(SegmentId.FIRST);

      assertEquals(SegmentId.FIRST.fileName() + ".broken", name);
      byte[] backup = volume.backups().get(name);
      assertEquals(SEGMENT_BYTES, backup.length);
      assertArrayEquals(DATA, Arrays.copyOf(backup, DATA.length));
    }
  }

  @Test
  void aSecondBackupKeepsTheFirst() throws IOException {
    volume.putSegment(SegmentId.FIRST, DATA);
    try (LogStorage storage = open()) {
      String first = storage.backup(SegmentId.FIRST);
      String second = storage.backup(SegmentId.FIRST);

      assertEquals(SegmentId.FIRST.fileName() + ".broken.1", second);
      assertEquals(List.of(first, second), List.copyOf(volume.backups().keySet()));
    }
  }

  @Test
  void backupsSurviveACrashAndAreReadOnly() throws IOException {
    volume.putSegment(SegmentId.FIRST, DATA);
    try (LogStorage storage = open()) {
      storage.backup(SegmentId.FIRST);
    }

    volume.crash(FaultPlan.loseUnsynced(), 0);

    var backups = volume.backups();
    assertArrayEquals(DATA, backups.get(SegmentId.FIRST.fileName() + ".broken"));
    assertThrows(UnsupportedOperationException.class, () -> backups.remove("any"));
  }

  @Test
  void allocatingWithoutTheWriterLockIsRejected() throws IOException {
    volume.putSegment(SegmentId.FIRST, DATA);
    try (LogStorage storage = open()) {
      var refused = assertThrows(IllegalStateException.class, storage::allocate);
      assertTrue(refused.getMessage().contains("lock"), refused.getMessage());
    }
  }

  @Test
  void closingDiscardsAStagedSegmentThatWasNeverPublished() throws IOException {
    LogStorage storage = open();
    createLog(storage);
    storage.allocate();

    storage.close();

    assertEquals(0, volume.stagedSegments());
    assertEquals(List.of(SegmentId.FIRST), volume.segments());
  }

  @Test
  void everyCallAfterCloseThrowsWalClosed() throws IOException {
    LogStorage storage = open();
    SegmentWriter writer = createLog(storage);
    storage.close();

    for (Executable call :
        List.<Executable>of(
            storage::exists,
            storage::segments,
            () -> storage.openReader(SegmentId.FIRST),
            storage::lock,
            storage::create,
            storage::allocate,
            () -> storage.backup(SegmentId.FIRST),
            () -> write(writer, DATA),
            writer::sync)) {
      var closed = assertThrows(WalClosedException.class, call);
      assertFalse(closed.isPoisoned());
    }
  }

  @Test
  void closeIsIdempotent() throws IOException {
    LogStorage storage = open();
    createLog(storage);

    storage.close();

    assertDoesNotThrow(storage::close);
  }
}
