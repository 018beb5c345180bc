package io.github.jwal;

import static io.github.jwal.TestLogs.entries;
import static io.github.jwal.TestLogs.freshOptions;
import static io.github.jwal.TestLogs.indexes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.faults.FaultPlan;
import io.github.jwal.memory.InMemoryStorageProvider;
import java.io.IOException;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A save whose sync fails is followed by a power loss, under every crash plan: what was synced
 * before survives, what comes back is a prefix of what was written (a save is not atomic: raft
 * accepts any prefix of unacknowledged entries), and the log opens again, through repair where the
 * tail is torn.
 */
class WalCrashRecoveryTest {
  private static final long SEED = Long.getLong("jwal.seed", 20261126L);
  private static final int SEEDS_PER_PLAN = 25;

  @AfterEach
  void discardVolumes() {
    InMemoryStorageProvider.discardAll();
  }

  @Test
  void syncedEntriesSurviveEveryFaultPlanAndTheLogOpensAgain() throws Exception {
    for (FaultPlan plan : FaultPlan.all()) {
      for (int n = 0; n < SEEDS_PER_PLAN; n++) {
        long seed = SEED + 1000L * n + plan.hashCode();
        String replay = plan + " seed " + seed + " (replay with -Djwal.seed=" + SEED + ")";
        List<Long> recovered = crashDuringASaveAndRecover(plan, seed);
        assertTrue(recovered.size() >= 5, replay + ": synced entries lost: " + recovered);
        assertEquals(
            LongStream.rangeClosed(1, recovered.size()).boxed().toList(),
            recovered,
            replay + ": not a prefix of what was written");
        assertTrue(
            recovered.size() <= 8, replay + ": entries never written appeared: " + recovered);
      }
    }
  }

  @Test
  void losingTheUnsyncedWriteLeavesExactlyTheSyncedEntries() throws Exception {
    assertEquals(
        List.of(1L, 2L, 3L, 4L, 5L), crashDuringASaveAndRecover(FaultPlan.loseUnsynced(), 1));
  }

  @Test
  void keepingTheUnsyncedWriteKeepsTheWholeSave() throws Exception {
    assertEquals(8, crashDuringASaveAndRecover(FaultPlan.keepUnsynced(), 1).size());
  }

  @Test
  void aTornTailIsThrownInWriteModeAndToleratedInReadMode() throws Exception {
    WalOptions options = crashWithTornTail();
    assertThrows(TornTailException.class, () -> TestLogs.reopen(options, Snapshot.ZERO));
    WalContents contents = TestLogs.readOnly(options, Snapshot.ZERO);
    assertTrue(contents.entries().size() >= 5, "synced entries are read: " + contents.entries());
    assertTrue(contents.tornTail() != null, "read mode reports the torn tail it stopped at");
  }

  @Test
  void repairCutsATornTailKeepingABackup() throws Exception {
    WalOptions options = crashWithTornTail();
    RepairResult result = Wal.repair(options);
    assertTrue(result.repaired());
    assertTrue(TestLogs.volume(options).backups().containsKey(result.backup()), result.toString());
    long kept;
    try (Wal wal = Wal.open(options, Snapshot.ZERO)) {
      kept = wal.readAll().lastIndex(0);
      wal.save(new HardState(1, 1, 5), entries(1, kept + 1, kept + 1));
    }
    assertEquals(kept + 1, TestLogs.readOnly(options, Snapshot.ZERO).lastIndex(0));
  }

  @Test
  void repairingAnIntactLogChangesNothing() throws Exception {
    WalOptions options = freshOptions();
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(1, 1, 1), entries(1, 1, 3));
    }
    assertFalse(Wal.repair(options).repaired());
    assertTrue(TestLogs.volume(options).backups().isEmpty());
  }

  /** Five synced entries, then a save of three whose sync fails, then a crash per the plan. */
  private static List<Long> crashDuringASaveAndRecover(FaultPlan plan, long seed) throws Exception {
    WalOptions options = freshOptions().withSegmentBytes(64 * 1024);
    Wal wal = Wal.create(options, null);
    wal.save(new HardState(1, 1, 0), entries(1, 1, 5, 700));
    TestLogs.volume(options).failNextSync(new IOException("injected: power is failing"));
    assertThrows(
        WalClosedException.class, () -> wal.save(new HardState(1, 1, 5), entries(1, 6, 8, 700)));
    TestLogs.volume(options).crash(plan, seed);
    try (Wal reopened = Wal.open(options, Snapshot.ZERO)) {
      return indexes(reopened.readAll().entries());
    } catch (TornTailException torn) {
      Wal.repair(options);
    } catch (WalCorruptException corrupt) {
      // Parts of the unsynced save persisted out of order: valid records follow the damage, so only
      // an operator's policy may cut them.
      assertThrows(WalCorruptException.class, () -> Wal.repair(options));
      Wal.repair(options, RepairPolicy.DISCARD_DAMAGED_TAIL);
    }
    return indexes(TestLogs.readOnly(options, Snapshot.ZERO).entries());
  }

  private static WalOptions crashWithTornTail() throws Exception {
    for (long seed = 1; seed < 1000; seed++) {
      WalOptions options = freshOptions().withSegmentBytes(64 * 1024);
      Wal wal = Wal.create(options, null);
      wal.save(new HardState(1, 1, 0), entries(1, 1, 5, 700));
      TestLogs.volume(options).failNextSync(new IOException("injected"));
      assertThrows(
          WalClosedException.class, () -> wal.save(new HardState(1, 1, 5), entries(1, 6, 8, 700)));
      TestLogs.volume(options).crash(FaultPlan.tear(512, FaultPlan.Fill.ZERO), seed);
      try (Wal reader = Wal.openForRead(options, Snapshot.ZERO)) {
        if (reader.readAll().tornTail() != null) {
          return options;
        }
      } catch (WalCorruptException notTorn) {
        // this seed tore out of order; try the next
      }
    }
    throw new AssertionError("no seed below 1000 tore the tail");
  }
}
