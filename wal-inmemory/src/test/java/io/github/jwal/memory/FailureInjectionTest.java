package io.github.jwal.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.WalClosedException;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentWriter;
import io.github.jwal.spi.StorageOptions;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class FailureInjectionTest extends VolumeTest {
  private static final byte[] DATA = pattern(500, 8);

  @Test
  void aFailedSyncPoisonsTheStorage() throws IOException {
    IOException eio = new IOException("EIO");
    try (LogStorage storage = open()) {
      SegmentWriter writer = createLog(storage);
      write(writer, DATA);
      volume.failNextSync(eio);

      assertSame(eio, assertThrows(IOException.class, writer::sync));

      for (Executable call :
          List.<Executable>of(
              () -> write(writer, DATA),
              writer::sync,
              writer::seal,
              storage::allocate,
              () -> storage.openTail(SegmentId.FIRST, 0),
              () -> storage.truncate(SegmentId.FIRST, 0))) {
        var poisoned = assertThrows(WalClosedException.class, call);
        assertTrue(poisoned.isPoisoned());
        assertSame(eio, poisoned.getCause());
      }
    }
  }

  @Test
  void aPoisonedStorageRefusesToPublish() throws IOException {
    try (LogStorage storage = open()) {
      SegmentWriter first = storage.create();
      volume.failNextSync(new IOException("EIO"));
      assertThrows(IOException.class, first::sync);

      var poisoned = assertThrows(WalClosedException.class, () -> first.publish(SegmentId.FIRST));

      assertTrue(poisoned.isPoisoned());
      assertEquals(List.of(), volume.segments());
    }
  }

  @Test
  void aFailedSyncMakesNothingDurable() throws IOException {
    try (LogStorage storage = open()) {
      SegmentWriter writer = createLog(storage);
      write(writer, DATA);
      volume.failNextSync(new IOException("EIO"));

      assertThrows(IOException.class, writer::sync);

      assertEquals(0, volume.durablePrefix(SegmentId.FIRST));
    }
  }

  @Test
  void failSyncsAfterLetsThatManySyncsSucceedAndFailsTheRest() throws IOException {
    try (LogStorage storage = open()) {
      SegmentWriter writer = createLog(storage);
      volume.failSyncsAfter(2);

      writer.sync();
      writer.sync();
      var failure = assertThrows(IOException.class, writer::sync);

      assertTrue(failure.getMessage().contains("injected"), failure.getMessage());
    }
  }

  @Test
  void aFailedWriteWritesNothingAndPoisons() throws IOException {
    IOException eio = new IOException("EIO");
    try (LogStorage storage = open()) {
      SegmentWriter writer = createLog(storage);
      volume.failNextWrite(eio);

      assertSame(eio, assertThrows(IOException.class, () -> write(writer, DATA)));

      assertEquals(0, writer.position());
      assertEquals(0, volume.contents(SegmentId.FIRST).length);
      assertTrue(assertThrows(WalClosedException.class, writer::sync).isPoisoned());
    }
  }

  @Test
  void aWritePastTheCapacityFailsCleanly() throws IOException {
    volume.setCapacity(SEGMENT_BYTES + 100);
    try (LogStorage storage = open()) {
      SegmentWriter writer = createLog(storage);
      byte[] fits = pattern(SEGMENT_BYTES, 9);
      write(writer, fits);

      var full = assertThrows(IOException.class, () -> write(writer, DATA));

      assertTrue(full.getMessage().contains("no space left"), full.getMessage());
      assertArrayEquals(fits, volume.contents(SegmentId.FIRST));
      assertEquals(SEGMENT_BYTES, writer.position());
      assertTrue(assertThrows(WalClosedException.class, () -> write(writer, DATA)).isPoisoned());
    }
  }

  @Test
  void preallocationCountsAgainstTheCapacity() throws IOException {
    volume.setCapacity(SEGMENT_BYTES + 100);
    try (LogStorage storage = open()) {
      createLog(storage);

      var full = assertThrows(IOException.class, storage::allocate);

      assertTrue(full.getMessage().contains("no space left"), full.getMessage());
      assertEquals(0, volume.stagedSegments());
    }
  }

  @Test
  void aNewStorageWritesAgainAfterPoison() throws IOException {
    try (LogStorage poisoned = open()) {
      SegmentWriter writer = createLog(poisoned);
      volume.failNextSync(new IOException("EIO"));
      assertThrows(IOException.class, writer::sync);
    }

    try (LogStorage reopened = open()) {
      reopened.lock();
      reopened.hold(List.of(SegmentId.FIRST));
      SegmentWriter tail = reopened.openTail(SegmentId.FIRST, 0);
      write(tail, DATA);
      tail.sync();
    }
    assertEquals(DATA.length, volume.durablePrefix(SegmentId.FIRST));
  }

  @Test
  void clearFailuresCancelsInjectedFailures() throws IOException {
    volume.failNextWrite(new IOException("EIO"));
    volume.failNextSync(new IOException("EIO"));
    volume.failSyncsAfter(0);

    volume.clearFailures();

    try (LogStorage storage = open()) {
      SegmentWriter writer = createLog(storage);
      write(writer, DATA);
      writer.sync();
    }
    assertEquals(DATA.length, volume.durablePrefix(SegmentId.FIRST));
  }

  @Test
  void underUnsafeNoSyncASyncNeverFails() throws IOException {
    try (LogStorage storage = open(new StorageOptions(SEGMENT_BYTES, true))) {
      SegmentWriter writer = createLog(storage);
      volume.failSyncsAfter(0);

      write(writer, DATA);
      writer.sync();

      assertEquals(0, volume.durablePrefix(SegmentId.FIRST));
    }
  }

  @Test
  void negativeLimitsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> volume.setCapacity(-1));
    assertThrows(IllegalArgumentException.class, () -> volume.failSyncsAfter(-1));
  }
}
