package io.github.jwal.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.WalLockedException;
import io.github.jwal.faults.FaultPlan;
import io.github.jwal.faults.FaultPlan.Fill;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentReader;
import io.github.jwal.spi.SegmentWriter;
import io.github.jwal.spi.StorageOptions;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CrashTest extends VolumeTest {
  private static final byte[] SYNCED = pattern(1000, 1);

  /** Crosses sector and page boundaries, and ends past the preallocated 8192 bytes. */
  private static final byte[] UNSYNCED = pattern(9000, 2);

  static List<FaultPlan> plans() {
    return FaultPlan.all();
  }

  static Stream<FaultPlan> tears() {
    return FaultPlan.all().stream().filter(plan -> plan.data() == FaultPlan.Data.KEEP_ANY_SUBSET);
  }

  /** A published first segment holding SYNCED durably and UNSYNCED after it, not synced. */
  private void writeSyncedThenUnsynced() throws IOException {
    try (LogStorage storage = open()) {
      SegmentWriter writer = createLog(storage);
      write(writer, SYNCED);
      writer.sync();
      write(writer, UNSYNCED);
    }
  }

  @ParameterizedTest
  @MethodSource("plans")
  void syncedBytesSurviveEveryFaultPlan(FaultPlan plan) throws IOException {
    for (long seed = 0; seed < 5; seed++) {
      InMemoryVolume crashed = freshVolume();
      writeSyncedThenUnsynced();
      crashed.crash(plan, seed);

      byte[] after = crashed.contents(SegmentId.FIRST);
      assertTrue(after.length >= SYNCED.length, plan + " seed " + seed + " cut synced bytes");
      assertArrayEquals(SYNCED, Arrays.copyOf(after, SYNCED.length), plan + " seed " + seed);
    }
  }

  @Test
  void unsyncedBytesAreLostUnderLoseUnsynced() throws IOException {
    writeSyncedThenUnsynced();

    volume.crash(FaultPlan.loseUnsynced(), 0);

    assertArrayEquals(SYNCED, volume.contents(SegmentId.FIRST));
  }

  @Test
  void unsyncedBytesAllSurviveUnderKeepUnsynced() throws IOException {
    writeSyncedThenUnsynced();

    volume.crash(FaultPlan.keepUnsynced(), 0);

    assertArrayEquals(concat(SYNCED, UNSYNCED), volume.contents(SegmentId.FIRST));
  }

  @Test
  void keepPrefixKeepsALeadingPartOfTheUnsyncedBytesOfRandomLength() throws IOException {
    byte[] written = concat(SYNCED, UNSYNCED);
    Set<Integer> lengths = new HashSet<>();
    for (long seed = 0; seed < 20; seed++) {
      InMemoryVolume crashed = freshVolume();
      writeSyncedThenUnsynced();
      crashed.crash(FaultPlan.keepPrefix(), seed);

      byte[] after = crashed.contents(SegmentId.FIRST);
      assertArrayEquals(Arrays.copyOf(written, after.length), after, "seed " + seed);
      lengths.add(after.length);
    }
    assertTrue(lengths.size() > 1, "every seed kept the same prefix: " + lengths);
  }

  @Test
  void everythingIsDurableAfterACrash() throws IOException {
    writeSyncedThenUnsynced();

    volume.crash(FaultPlan.keepPrefix(), 3);

    assertEquals(volume.contents(SegmentId.FIRST).length, volume.durablePrefix(SegmentId.FIRST));
  }

  @Test
  void theSameSeedTearsTheSameWay() throws IOException {
    for (FaultPlan plan : tears().toList()) {
      InMemoryVolume once = freshVolume();
      writeSyncedThenUnsynced();
      once.crash(plan, 7);
      byte[] first = once.contents(SegmentId.FIRST);

      InMemoryVolume again = freshVolume();
      writeSyncedThenUnsynced();
      again.crash(plan, 7);
      byte[] second = again.contents(SegmentId.FIRST);

      assertArrayEquals(first, second, plan.toString());
    }
  }

  @ParameterizedTest
  @MethodSource("tears")
  void aTearOnlyChangesBytesAfterTheDurablePrefix(FaultPlan plan) throws IOException {
    byte[] written = concat(SYNCED, UNSYNCED);
    writeSyncedThenUnsynced();

    volume.crash(plan, 11);

    byte[] after = volume.contents(SegmentId.FIRST);
    assertArrayEquals(SYNCED, Arrays.copyOf(after, SYNCED.length));
    assertTrue(after.length <= written.length, "the segment grew: " + after.length);
    if (plan.fill() != Fill.GARBAGE) {
      for (int i = SYNCED.length; i < after.length; i++) {
        assertTrue(after[i] == written[i] || after[i] == 0, "byte " + i + " was invented");
      }
    }
  }

  @Test
  void tornBlocksAreAlignedToSegmentOffsets() throws IOException {
    byte[] written = concat(SYNCED, UNSYNCED);
    for (long seed = 0; seed < 10; seed++) {
      InMemoryVolume crashed = freshVolume();
      writeSyncedThenUnsynced();
      crashed.crash(FaultPlan.tear(512, Fill.ZERO), seed);

      byte[] after = crashed.contents(SegmentId.FIRST);
      for (int from = SYNCED.length; from < after.length; from = (from / 512 + 1) * 512) {
        int to = Math.min(after.length, (from / 512 + 1) * 512);
        byte[] block = Arrays.copyOfRange(after, from, to);
        boolean kept = Arrays.equals(block, Arrays.copyOfRange(written, from, to));
        boolean zeroed = Arrays.equals(block, new byte[to - from]);
        assertTrue(kept || zeroed, "seed " + seed + ": block at " + from + " is partly torn");
      }
    }
  }

  @Test
  void aTearWithOldFillEndsTheSegmentAtItsLastSurvivingBlock() throws IOException {
    byte[] written = concat(SYNCED, UNSYNCED);
    for (long seed = 0; seed < 10; seed++) {
      InMemoryVolume crashed = freshVolume();
      writeSyncedThenUnsynced();
      crashed.crash(FaultPlan.tear(4096, Fill.OLD), seed);

      byte[] after = crashed.contents(SegmentId.FIRST);
      int lastBlock = Math.max(SYNCED.length, (after.length - 1) / 4096 * 4096);
      assertArrayEquals(
          Arrays.copyOfRange(written, lastBlock, after.length),
          Arrays.copyOfRange(after, lastBlock, after.length),
          "seed " + seed);
    }
  }

  @Test
  void aTearWithGarbageFillLeavesBytesThatWereNeverWritten() throws IOException {
    byte[] written = concat(SYNCED, UNSYNCED);
    boolean sawGarbage = false;
    for (long seed = 0; seed < 10 && !sawGarbage; seed++) {
      InMemoryVolume crashed = freshVolume();
      writeSyncedThenUnsynced();
      crashed.crash(FaultPlan.tear(4096, Fill.GARBAGE), seed);

      byte[] after = crashed.contents(SegmentId.FIRST);
      for (int i = SYNCED.length; i < after.length; i++) {
        sawGarbage |= after[i] != written[i] && after[i] != 0;
      }
    }
    assertTrue(sawGarbage, "no seed left garbage");
  }

  @Test
  void stagedSegmentsVanishOnCrash() throws IOException {
    try (LogStorage storage = open()) {
      createLog(storage);
      SegmentWriter next = storage.allocate();
      write(next, SYNCED);
      next.sync();

      volume.crash(FaultPlan.keepUnsynced(), 0);
    }

    assertEquals(0, volume.stagedSegments());
    assertEquals(List.of(SegmentId.FIRST), volume.segments());
  }

  @Test
  void aSegmentPublishedBeforeTheCrashSurvivesIt() throws IOException {
    SegmentId second = new SegmentId(1, 5);
    try (LogStorage storage = open()) {
      createLog(storage);
      SegmentWriter next = storage.allocate();
      write(next, SYNCED);
      next.sync();
      next.publish(second);
    }

    volume.crash(FaultPlan.loseUnsynced(), 0);

    assertArrayEquals(SYNCED, volume.contents(second));
  }

  @Test
  void aCrashBeforeTheFirstPublishLeavesNoLog() throws IOException {
    try (LogStorage storage = open()) {
      SegmentWriter first = storage.create();
      write(first, SYNCED);
      first.sync();

      volume.crash(FaultPlan.keepUnsynced(), 0);
    }

    try (LogStorage reopened = open()) {
      assertFalse(reopened.exists());
      assertEquals(List.of(), reopened.segments());
    }
  }

  @Test
  void aCrashAfterTheFirstPublishLeavesTheLogWhole() throws IOException {
    try (LogStorage storage = open()) {
      SegmentWriter first = storage.create();
      write(first, SYNCED);
      first.sync();
      first.publish(SegmentId.FIRST);

      volume.crash(FaultPlan.loseUnsynced(), 0);
    }

    try (LogStorage reopened = open()) {
      assertTrue(reopened.exists());
      assertArrayEquals(SYNCED, Arrays.copyOf(readAll(reopened, SegmentId.FIRST), SYNCED.length));
    }
  }

  @Test
  void preallocatedZerosSurviveACrash() throws IOException {
    try (LogStorage storage = open()) {
      write(createLog(storage), SYNCED);
    }

    volume.crash(FaultPlan.loseUnsynced(), 0);

    assertEquals(SEGMENT_BYTES, volume.size(SegmentId.FIRST));
    assertEquals(0, volume.contents(SegmentId.FIRST).length);
  }

  @Test
  void underUnsafeNoSyncACrashLosesSyncedBytes() throws IOException {
    try (LogStorage storage = open(new StorageOptions(SEGMENT_BYTES, true))) {
      SegmentWriter writer = createLog(storage);
      write(writer, SYNCED);
      writer.sync();
    }

    volume.crash(FaultPlan.loseUnsynced(), 0);

    assertEquals(0, volume.contents(SegmentId.FIRST).length);
  }

  @Test
  void aCrashKillsEveryOpenStorageWriterAndReader() throws IOException {
    LogStorage storage = open();
    SegmentWriter writer = createLog(storage);
    SegmentReader reader = storage.openReader(SegmentId.FIRST);

    volume.crash(FaultPlan.keepUnsynced(), 0);

    for (Executable call :
        List.<Executable>of(
            storage::segments,
            () -> storage.openReader(SegmentId.FIRST),
            () -> write(writer, SYNCED),
            writer::sync,
            () -> reader.read(new byte[1], 0, 1))) {
      IOException dead = assertThrows(IOException.class, call);
      assertTrue(dead.getMessage().contains("crashed"), dead.getMessage());
    }
  }

  @Test
  void closingHandlesThatACrashKilledDoesNothing() throws IOException {
    LogStorage storage = open();
    SegmentWriter writer = createLog(storage);
    SegmentReader reader = storage.openReader(SegmentId.FIRST);
    volume.crash(FaultPlan.keepUnsynced(), 0);
    LogStorage successor = open();
    successor.lock();
    successor.hold(List.of(SegmentId.FIRST));

    writer.close();
    reader.close();
    storage.close();

    try (LogStorage other = open()) {
      assertThrows(WalLockedException.class, other::lock);
    }
    successor.close();
  }

  @Test
  void aCrashReleasesTheWriterLock() throws IOException {
    LogStorage holder = open();
    createLog(holder);

    volume.crash(FaultPlan.loseUnsynced(), 0);

    try (LogStorage next = open()) {
      next.lock();
      next.hold(List.of(SegmentId.FIRST));
      assertEquals(List.of(SegmentId.FIRST), next.segments());
    }
  }

  @Test
  void aCrashCancelsInjectedSyncFailures() throws IOException {
    volume.failSyncsAfter(0);

    volume.crash(FaultPlan.loseUnsynced(), 0);

    try (LogStorage storage = open()) {
      SegmentWriter writer = createLog(storage);
      write(writer, SYNCED);
      writer.sync();
    }
    assertEquals(SYNCED.length, volume.durablePrefix(SegmentId.FIRST));
  }
}
