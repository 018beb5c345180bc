package io.github.jwal.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import io.github.jwal.Wal;
import io.github.jwal.WalContents;
import io.github.jwal.WalOptions;
import io.github.jwal.faults.FaultPlan;
import io.github.jwal.spi.StorageCapability;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Seeded, shrinking simulations: many generated histories per run, each checked against a model of
 * what was acknowledged. A failure prints the seed, the shrunk history and how to replay it; read
 * the history from the top, the step that failed is named last.
 */
abstract class CrashSimulationTests extends KitTests {
  /** The class the replay hint names. */
  abstract String testClass();

  /**
   * Asserts that the run exercised {@code counter} at least {@code min} times: a property that
   * never meets the situation it is about proves nothing. A replay of one case is too small to
   * count.
   */
  private static void assertCovered(Coverage coverage, String counter, long min) {
    if (TckSettings.replaySeed() == null) {
      assertTrue(
          coverage.get(counter) >= min,
          "the run met \"" + counter + "\" fewer than " + min + " times:\n" + coverage);
    }
  }

  private Property property(String name, Generator.Kind kind, TckFixture fixture, int length) {
    return new Property(
        name,
        testClass(),
        new Generator(kind, fixture.capabilities(), length),
        fixture.provider(),
        this::newFixture);
  }

  /**
   * C0: histories without crashes read back exactly after every reopen; a second writer is always
   * refused; a reader without a lock sees a prefix of the writes. When it fails without any crash
   * or failure in the history, look at the backend's segment listing, reader and openTail.
   */
  @Test
  void required_C0_historiesReadBackExactly() throws Exception {
    TckFixture fixture = newFixture();
    Coverage coverage = property("C0", Generator.Kind.HISTORY, fixture, 30).check(20);
    assertCovered(coverage, Coverage.SECOND_WRITERS, 1);
  }

  /**
   * C1: across crashes under every fault plan (some while syncs fail, so unsynced bytes are in
   * storage), every acknowledged entry and hard state survives, the recovered log is a prefix of
   * what was written, and the log opens again, through the default repair where its tail is torn,
   * also when the crash kept later parts of an unsynced write and lost earlier ones. A backend
   * without {@link StorageCapability#TORN_WRITES} keeps a prefix of its unsynced bytes at most, so
   * the run is not required to meet torn tails or kept unsynced records there. When it fails, check
   * the backend's sync (rule R1), publish (R2) and what its crash keeps of unsynced bytes.
   */
  @TestFactory
  Stream<DynamicTest> required_C1_acknowledgedWritesSurviveCrashes() throws IOException {
    TckFixture fixture = newFixture();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.CRASH),
        () -> {
          Coverage coverage = property("C1", Generator.Kind.CRASHES, fixture, 60).check(150);
          assertCovered(coverage, Coverage.CRASHES, 1000);
          assertCovered(coverage, Coverage.UNSYNCED_TAIL, 100);
          assertCovered(coverage, Coverage.SEGMENT_BOUNDARY, 100);
          if (BackendFiles.capabilities(fixture).contains(StorageCapability.TORN_WRITES)) {
            assertCovered(coverage, Coverage.KEPT_UNSYNCED, 1);
            assertCovered(coverage, Coverage.TORN_REPAIRS, 1);
            assertCovered(coverage, Coverage.TORN_WITH_DATA_AFTER_A_HOLE, 1);
          }
          assertCovered(coverage, Coverage.OVERWRITES_ACROSS_A_CUT, 1);
          assertCovered(coverage, Coverage.CUTS_NOT_AFTER_THE_TAIL_INDEX, 1);
          assertCovered(coverage, Coverage.SEGMENTS, 100);
          assertCovered(coverage, Coverage.TRUNCATIONS, 10);
          assertCovered(coverage, Coverage.COMPACTIONS, 10);
        });
  }

  /**
   * C2: a bit flipped anywhere in synced data is reported as {@link
   * io.github.jwal.WalCorruptException} naming the segment and an offset at or before the flipped
   * byte, never as a torn tail (which repair would cut), or changes nothing that is read; a bit
   * flipped in the zeros after the last record may read as a torn tail, whose repair cuts only
   * zeros. Never a silent truncation or a changed entry. When it fails, check that the backend's
   * reader returns the stored bytes unchanged and in order.
   */
  @Test
  void required_C2_bitFlipsInSyncedDataAreReportedNeverSkipped() throws Exception {
    TckFixture fixture = newFixture();
    Coverage coverage = property("C2", Generator.Kind.BIT_FLIP, fixture, 16).check(40);
    assertCovered(coverage, Coverage.FLIPS_DETECTED, 1);
  }

  /**
   * C3: when syncs start failing, the call that meets the failure poisons the log, every later call
   * fails the same way even after syncs work again, nothing after the failure is acknowledged, and
   * reopening recovers everything acknowledged. When it fails, check that a failed sync poisons the
   * storage (rule R6).
   */
  @TestFactory
  Stream<DynamicTest> required_C3_aFailedSyncPoisonsTheLog() throws IOException {
    TckFixture fixture = newFixture();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.FAILING_SYNC),
        () -> {
          Coverage coverage = property("C3", Generator.Kind.FAILING_SYNC, fixture, 20).check(30);
          assertCovered(coverage, Coverage.POISONED, 1);
        });
  }

  /**
   * C4: on a full disk a save fails cleanly (it is refused whole, or the log is poisoned),
   * reopening needs no repair (no half record), and once space returns the log takes saves again.
   * When it fails, check that a write that cannot complete stores nothing, and that preallocation
   * fails up front.
   */
  @TestFactory
  Stream<DynamicTest> required_C4_aFullDiskFailsCleanlyAndRecovers() throws IOException {
    TckFixture fixture = newFixture();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.DISK_FULL),
        () -> {
          Coverage coverage = property("C4", Generator.Kind.DISK_FULL, fixture, 20).check(30);
          assertTrue(
              coverage.get(Coverage.POISONED) + coverage.get(Coverage.REFUSED) >= 1
                  || TckSettings.replaySeed() != null,
              "no save met the full disk:\n" + coverage);
        });
  }

  /**
   * C5 (optional): after a write the device lost or put elsewhere, reading either reports
   * corruption or returns the log after some prefix of the writes: never a record that was not
   * written. Acknowledged entries may be lost: the device lied. When it fails, the engine returned
   * data the CRC chain should have rejected.
   */
  @TestFactory
  Stream<DynamicTest> optional_C5_lostOrMisdirectedWritesAreDetectedOrHarmless()
      throws IOException {
    TckFixture fixture = newFixture();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.WRITE_FAULTS, Capability.CRASH),
        () -> {
          Coverage coverage = property("C5", Generator.Kind.WRITE_FAULT, fixture, 16).check(40);
          assertCovered(coverage, Coverage.WRITE_FAULTS_DETECTED, 1);
        });
  }

  /**
   * C6: creating a log is atomic under crashes, with syncs failing at each step of the create:
   * after the crash the log does not exist (and can be created), or it opens whole, with its
   * metadata and nothing else; a create that returned always survives. When it fails, check that
   * the backend stages the first segment and publishes it with one durable rename (rule R3).
   */
  @TestFactory
  Stream<DynamicTest> required_C6_createIsAtomicUnderCrashes() throws IOException {
    TckFixture fixture = newFixture();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.CRASH),
        () -> {
          boolean failingSyncs = fixture.capabilities().contains(Capability.FAILING_SYNC);
          byte[] metadata = SamplePayloads.metadata(17);
          long seed = TckSettings.caseSeed("C6", 0);
          int crashes = 0;
          for (FaultPlan plan : FaultPlan.all()) {
            for (int failAfter = failingSyncs ? 0 : -1; failAfter < 4; failAfter++) {
              Path location = fixture.newLocation();
              WalOptions options = options(fixture, location, 4096);
              if (failAfter >= 0) {
                fixture.failSyncs(location, failAfter);
              }
              boolean created;
              try {
                Wal.create(options, metadata).close();
                created = true;
              } catch (IOException failed) {
                created = false;
              }
              String what = plan + ", syncs failing after " + failAfter + ", seed " + seed + ": ";
              location = fixture.crash(location, plan, seed++);
              crashes++;
              options = options(fixture, location, 4096);
              if (Wal.exists(options)) {
                try (Wal wal = Wal.open(options, Snapshot.ZERO)) {
                  WalContents contents = wal.readAll();
                  assertArrayEquals(metadata, contents.metadata(), what + "the metadata");
                  assertEquals(HardState.EMPTY, contents.hardState(), what + "the hard state");
                  assertTrue(contents.entries().isEmpty(), what + "entries in a new log");
                }
              } else {
                assertTrue(!created, what + "a create that returned did not survive the crash");
                Wal.create(options, metadata).close();
              }
            }
          }
          System.out.println("jwal-tck C6 on " + fixture.provider() + ": " + crashes + " crashes");
        });
  }
}
