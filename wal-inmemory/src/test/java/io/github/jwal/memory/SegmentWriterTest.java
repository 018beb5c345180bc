package io.github.jwal.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.faults.FaultPlan;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentReader;
import io.github.jwal.spi.SegmentWriter;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentWriterTest extends VolumeTest {
  private static final byte[] DATA = pattern(700, 3);

  @Test
  void readersSeeBytesWrittenButNotSynced() throws IOException {
    try (LogStorage storage = open()) {
      write(createLog(storage), DATA);

      assertArrayEquals(DATA, Arrays.copyOf(readAll(storage, SegmentId.FIRST), DATA.length));
      assertEquals(0, volume.durablePrefix(SegmentId.FIRST));
    }
  }

  @Test
  void syncMakesEveryByteWrittenDurable() throws IOException {
    try (LogStorage storage = open()) {
      SegmentWriter writer = createLog(storage);
      write(writer, DATA);

      writer.sync();

      assertEquals(DATA.length, volume.durablePrefix(SegmentId.FIRST));
    }
  }

  @Test
  void theTailReadsAsItsPreallocatedSizeWithZerosAfterTheWrittenBytes() throws IOException {
    try (LogStorage storage = open()) {
      write(createLog(storage), DATA);

      byte[] whole = readAll(storage, SegmentId.FIRST);

      assertEquals(SEGMENT_BYTES, whole.length);
      assertArrayEquals(DATA, Arrays.copyOf(whole, DATA.length));
      assertArrayEquals(
          new byte[SEGMENT_BYTES - DATA.length],
          Arrays.copyOfRange(whole, DATA.length, SEGMENT_BYTES));
    }
  }

  @Test
  void writesPastThePreallocationGrowTheSegment() throws IOException {
    byte[] big = pattern(SEGMENT_BYTES + 100, 4);
    try (LogStorage storage = open()) {
      write(createLog(storage), big);

      assertArrayEquals(big, readAll(storage, SegmentId.FIRST));
    }
  }

  @Test
  void sealCutsThePreallocationAndSyncs() throws IOException {
    try (LogStorage storage = open()) {
      SegmentWriter writer = createLog(storage);
      write(writer, DATA);

      writer.seal();

      assertEquals(DATA.length, volume.size(SegmentId.FIRST));
      assertEquals(DATA.length, volume.durablePrefix(SegmentId.FIRST));
    }
  }

  @Test
  void writingAfterSealIsRejected() throws IOException {
    try (LogStorage storage = open()) {
      SegmentWriter writer = createLog(storage);
      writer.seal();

      assertThrows(IllegalStateException.class, () -> write(writer, DATA));
    }
  }

  @Test
  void aReaderDoesNotSeeBytesAppendedPastItsSize() throws IOException {
    byte[] past = pattern(SEGMENT_BYTES + 100, 12);
    try (LogStorage storage = open()) {
      SegmentWriter writer = createLog(storage);
      SegmentReader reader = storage.openReader(SegmentId.FIRST);

      write(writer, past);

      assertEquals(SEGMENT_BYTES, reader.size());
      assertArrayEquals(Arrays.copyOf(past, SEGMENT_BYTES), readAll(reader));
    }
  }

  @Test
  void aReaderOfASegmentCutUnderItEndsEarlyAsAFileWould() throws IOException {
    try (LogStorage storage = open()) {
      SegmentWriter writer = createLog(storage);
      write(writer, DATA);
      SegmentReader reader = storage.openReader(SegmentId.FIRST);

      writer.seal();

      assertEquals(SEGMENT_BYTES, reader.size());
      assertArrayEquals(DATA, readAll(reader));
    }
  }

  @Test
  void writeCopiesTheCallersBytes() throws IOException {
    byte[] source = DATA.clone();
    try (LogStorage storage = open()) {
      SegmentWriter writer = createLog(storage);
      write(writer, source);

      Arrays.fill(source, (byte) 0);

      assertArrayEquals(DATA, volume.contents(SegmentId.FIRST));
    }
  }

  @Test
  void contentsAreACopy() throws IOException {
    try (LogStorage storage = open()) {
      write(createLog(storage), DATA);

      Arrays.fill(volume.contents(SegmentId.FIRST), (byte) 0);

      assertArrayEquals(DATA, volume.contents(SegmentId.FIRST));
    }
  }

  @Test
  void positionCountsTheBytesWritten() throws IOException {
    try (LogStorage storage = open()) {
      SegmentWriter writer = createLog(storage);
      writer.write(DATA, 100, 50);

      assertEquals(50, writer.position());
      assertArrayEquals(Arrays.copyOfRange(DATA, 100, 150), volume.contents(SegmentId.FIRST));
    }
  }

  @Test
  void aStagedSegmentHasNoIdUntilItIsPublished() throws IOException {
    SegmentId second = new SegmentId(1, 10);
    try (LogStorage storage = open()) {
      createLog(storage);
      SegmentWriter next = storage.allocate();
      assertNull(next.id());
      assertEquals(List.of(SegmentId.FIRST), storage.segments());

      next.publish(second);

      assertEquals(second, next.id());
      assertEquals(List.of(SegmentId.FIRST, second), storage.segments());
    }
  }

  @Test
  void publishingTwiceIsRejected() throws IOException {
    try (LogStorage storage = open()) {
      SegmentWriter writer = createLog(storage);

      assertThrows(IllegalStateException.class, () -> writer.publish(new SegmentId(1, 1)));
    }
  }

  @Test
  void publishingUnderTheNameOfAPublishedSegmentFails() throws IOException {
    try (LogStorage storage = open()) {
      createLog(storage);
      SegmentWriter next = storage.allocate();

      var clash =
          assertThrows(FileAlreadyExistsException.class, () -> next.publish(SegmentId.FIRST));

      assertTrue(clash.getMessage().contains(SegmentId.FIRST.fileName()), clash.getMessage());
      assertEquals(1, volume.stagedSegments());
    }
  }

  @Test
  void openTailZeroesWhatFollowsTheOffsetAndAppendsThere() throws IOException {
    byte[] more = pattern(50, 5);
    try (LogStorage storage = open()) {
      SegmentWriter writer = createLog(storage);
      write(writer, DATA);
      writer.sync();
      writer.close();

      SegmentWriter tail = storage.openTail(SegmentId.FIRST, 300);
      write(tail, more);

      byte[] expected = concat(Arrays.copyOf(DATA, 300), more);
      assertEquals(350, tail.position());
      assertArrayEquals(expected, volume.contents(SegmentId.FIRST));
      assertEquals(SEGMENT_BYTES, volume.size(SegmentId.FIRST));
    }
  }

  @Test
  void bytesAppendedAfterOpenTailAreNotDurableUntilSynced() throws IOException {
    try (LogStorage storage = open()) {
      SegmentWriter writer = createLog(storage);
      write(writer, DATA);
      writer.sync();
      writer.close();
      write(storage.openTail(SegmentId.FIRST, 300), pattern(50, 5));
    }

    volume.crash(FaultPlan.loseUnsynced(), 0);

    assertArrayEquals(Arrays.copyOf(DATA, 300), volume.contents(SegmentId.FIRST));
  }

  @Test
  void aSegmentTakesOneWriterAtATime() throws IOException {
    try (LogStorage storage = open()) {
      createLog(storage);

      assertThrows(IllegalStateException.class, () -> storage.openTail(SegmentId.FIRST, 0));
    }
  }

  @Test
  void closingAStagedWriterDiscardsItsSegment() throws IOException {
    try (LogStorage storage = open()) {
      createLog(storage);
      SegmentWriter next = storage.allocate();

      next.close();

      assertEquals(0, volume.stagedSegments());
    }
  }

  @Test
  void arrayRangesOutsideTheArrayAreRejectedWithAMessage() throws IOException {
    try (LogStorage storage = open()) {
      SegmentWriter writer = createLog(storage);
      SegmentReader reader = storage.openReader(SegmentId.FIRST);
      byte[] ten = new byte[10];

      for (int[] range : new int[][] {{-1, 5}, {0, -1}, {8, 5}, {0, 11}, {Integer.MAX_VALUE, 2}}) {
        var badWrite =
            assertThrows(
                IllegalArgumentException.class, () -> writer.write(ten, range[0], range[1]));
        var badRead =
            assertThrows(
                IllegalArgumentException.class, () -> reader.read(ten, range[0], range[1]));
        assertTrue(badWrite.getMessage().contains("10 bytes"), badWrite.getMessage());
        assertTrue(badRead.getMessage().contains("10 bytes"), badRead.getMessage());
      }
    }
  }

  @Test
  void openTailOutsideTheSegmentIsRejected() throws IOException {
    try (LogStorage storage = open()) {
      createLog(storage).close();

      assertThrows(IllegalArgumentException.class, () -> storage.openTail(SegmentId.FIRST, -1));
      assertThrows(
          IllegalArgumentException.class,
          () -> storage.openTail(SegmentId.FIRST, SEGMENT_BYTES + 1));
    }
  }

  @Test
  void aReaderEndsWithMinusOneAndReadsNothingForAnEmptyRange() throws IOException {
    try (LogStorage storage = open()) {
      SegmentWriter writer = createLog(storage);
      write(writer, DATA);
      writer.seal();
      SegmentReader reader = storage.openReader(SegmentId.FIRST);

      assertEquals(0, reader.read(new byte[4], 0, 0));
      assertArrayEquals(DATA, readAll(reader));
      assertEquals(-1, reader.read(new byte[4], 0, 4));
    }
  }
}
