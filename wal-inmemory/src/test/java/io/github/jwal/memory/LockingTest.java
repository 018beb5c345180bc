package io.github.jwal.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.WalLockedException;
import io.github.jwal.WalNotFoundException;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LockingTest extends VolumeTest {
  private static final byte[] DATA = pattern(300, 7);

  @Test
  void aSecondWriterGetsWalLockedNamingTheLocation() throws IOException {
    volume.putSegment(SegmentId.FIRST, DATA);
    try (LogStorage first = open();
        LogStorage second = open()) {
      first.lock();
      first.hold(List.of(SegmentId.FIRST));

      var locked = assertThrows(WalLockedException.class, second::lock);
      assertTrue(locked.getMessage().contains(second.location()), locked.getMessage());
    }
  }

  @Test
  void createTakesTheWriterLock() throws IOException {
    try (LogStorage creator = open();
        LogStorage other = open()) {
      creator.create();

      assertThrows(WalNotFoundException.class, other::lock, "nothing is published yet");
      assertThrows(WalLockedException.class, other::create);
    }
  }

  @Test
  void closingReleasesTheWriterLock() throws IOException {
    volume.putSegment(SegmentId.FIRST, DATA);
    LogStorage first = open();
    first.lock();
    first.hold(List.of(SegmentId.FIRST));

    first.close();

    try (LogStorage second = open()) {
      assertDoesNotThrow(second::lock);
    }
  }

  @Test
  void holdingAMissingSegmentThrowsNoSuchFileAndHoldsNone() throws IOException {
    volume.putSegment(SegmentId.FIRST, DATA);
    try (LogStorage first = open();
        LogStorage purger = open()) {
      first.lock();
      assertThrows(
          NoSuchFileException.class,
          () -> first.hold(List.of(SegmentId.FIRST, new SegmentId(1, 9))));

      purger.delete(SegmentId.FIRST);
      assertEquals(List.of(), purger.segments());
    }
  }

  @Test
  void holdingNeedsTheWritersLock() throws IOException {
    volume.putSegment(SegmentId.FIRST, DATA);
    try (LogStorage storage = open()) {
      assertThrows(IllegalStateException.class, () -> storage.hold(List.of(SegmentId.FIRST)));
    }
  }

  @Test
  void aSecondWriterIsRefusedAfterTheFirstReleasedItsSegments() throws IOException {
    volume.putSegment(SegmentId.FIRST, DATA);
    try (LogStorage first = open();
        LogStorage second = open()) {
      first.lock();
      first.hold(List.of(SegmentId.FIRST));
      first.release(SegmentId.FIRST);

      assertThrows(WalLockedException.class, second::lock);
    }
  }

  @Test
  void lockingWhereThereIsNoLogIsNotFound() throws IOException {
    try (LogStorage storage = open()) {
      assertThrows(WalNotFoundException.class, storage::lock);
    }
  }

  @Test
  void readersNeedNoLock() throws IOException {
    volume.putSegment(SegmentId.FIRST, DATA);
    try (LogStorage writer = open();
        LogStorage reader = open()) {
      writer.lock();
      writer.hold(List.of(SegmentId.FIRST));

      assertTrue(reader.exists());
      assertEquals(List.of(SegmentId.FIRST), reader.segments());
      assertArrayEquals(DATA, readAll(reader, SegmentId.FIRST));
    }
  }

  @Test
  void aReaderInAnotherStorageSeesTheWritersUnsyncedBytes() throws IOException {
    try (LogStorage writer = open();
        LogStorage reader = open()) {
      write(createLog(writer), DATA);

      byte[] seen = readAll(reader, SegmentId.FIRST);

      assertArrayEquals(DATA, Arrays.copyOf(seen, DATA.length));
    }
  }
}
