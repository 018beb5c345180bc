package io.github.jwal.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.Entry;
import io.github.jwal.EntryType;
import io.github.jwal.HardState;
import io.github.jwal.RepairResult;
import io.github.jwal.Snapshot;
import io.github.jwal.TornTailException;
import io.github.jwal.Wal;
import io.github.jwal.WalClosedException;
import io.github.jwal.WalContents;
import io.github.jwal.WalCorruptException;
import io.github.jwal.WalExistsException;
import io.github.jwal.WalLockedException;
import io.github.jwal.WalNotFoundException;
import io.github.jwal.WalOptions;
import io.github.jwal.faults.FaultPlan;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The engine's semantics over the backend, rule by rule (W1–W19): what a raft implementation relies
 * on. The engine is the same for every backend, so a failure here that the in-memory backend passes
 * points at the backend: usually its reader, its listing or its tail.
 */
abstract class WalContractTests extends KitTests {
  private static final long SEGMENT = 8 * 1024;

  private TckFixture fixture;
  private Path location;
  private WalOptions options;

  private WalOptions start() throws IOException {
    fixture = newFixture();
    location = fixture.newLocation();
    options = options(fixture, location, SEGMENT);
    return options;
  }

  private static List<Entry> entries(long term, long from, long to, int size) {
    List<Entry> entries = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      entries.add(SamplePayloads.entry(term, i, size));
    }
    return entries;
  }

  private WalContents read(Snapshot at) throws IOException {
    try (Wal wal = Wal.open(options, at)) {
      return wal.readAll();
    }
  }

  /**
   * W1: saved entries read back with their terms, indexes, types and payloads, an absent payload
   * apart from an empty one, and the metadata as given. When it fails, compare the backend's bytes
   * with what was written: a reader that drops or reorders bytes shows here first.
   */
  @Test
  void required_W1_savedEntriesReadBackExactly() throws IOException {
    start();
    byte[] metadata = {1, 2, 3};
    List<Entry> saved =
        List.of(
            Entry.of(1, 1, null),
            Entry.of(1, 2, new byte[0]),
            Entry.of(1, 3, EntryType.CONF_CHANGE, new byte[] {9}),
            Entry.of(1, 4, EntryType.CONF_CHANGE_V2, SamplePayloads.bytes(4, 5000)));
    try (Wal wal = Wal.create(options, metadata)) {
      wal.save(new HardState(1, 2, 3), saved);
    }
    WalContents contents = read(Snapshot.ZERO);
    assertArrayEquals(metadata, contents.metadata());
    assertEquals(saved, contents.entries());
    assertEquals(new HardState(1, 2, 3), contents.hardState());
    assertFalse(contents.entries().get(0).hasData(), "an absent payload stays absent");
    assertTrue(contents.entries().get(1).hasData(), "an empty payload stays present");
  }

  /**
   * W2: an entry saved at an index that exists replaces it and everything after it (raft's
   * overwrite). When it fails with the in-memory backend passing, check the order of the bytes the
   * backend returns.
   */
  @Test
  void required_W2_aLaterEntryReplacesTheLogFromItsIndex() throws IOException {
    start();
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(1, 1, 2), entries(1, 1, 6, 10));
      wal.save(new HardState(2, 1, 2), entries(2, 4, 5, 20));
    }
    List<Entry> expected = new ArrayList<>(entries(1, 1, 3, 10));
    expected.addAll(entries(2, 4, 5, 20));
    assertEquals(expected, read(Snapshot.ZERO).entries());
  }

  /**
   * W3: the last hard state is restored on reopen, and a cut right after reopening carries it into
   * the new segment. When it fails, check that the backend lists the newest segment.
   */
  @Test
  void required_W3_theLastHardStateSurvivesReopenAndCut() throws IOException {
    start();
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(3, 1, 2), entries(3, 1, 2, 10));
    }
    try (Wal wal = Wal.open(options, Snapshot.ZERO)) {
      assertEquals(new HardState(3, 1, 2), wal.readAll().hardState());
      wal.save(HardState.EMPTY, entries(3, 3, 3, (int) SEGMENT));
      wal.save(HardState.EMPTY, entries(3, 4, 4, 10));
    }
    WalContents contents = read(Snapshot.ZERO);
    assertEquals(new HardState(3, 1, 2), contents.hardState());
    assertEquals(4, contents.lastIndex(0));
  }

  /**
   * W4: a log opened at a snapshot returns the entries after it, and can be opened at the snapshot
   * once earlier segments are purged. When it fails, check segment selection: the backend's listing
   * must name each segment's first index exactly.
   */
  @Test
  void required_W4_openingAtASnapshotReadsWhatFollowsIt() throws IOException {
    start();
    Snapshot snapshot;
    try (Wal wal = Wal.create(options, null)) {
      for (long i = 1; i <= 12; i++) {
        wal.save(new HardState(1, 1, i), entries(1, i, i, 3000));
      }
      snapshot = Snapshot.of(9, 1);
      wal.saveSnapshot(snapshot);
      wal.save(new HardState(1, 1, 13), entries(1, 13, 14, 100));
      wal.releaseLockTo(snapshot.index());
      assertFalse(Wal.purge(options, 1).isEmpty(), "released segments are purged");
    }
    WalContents contents = read(snapshot);
    assertEquals(entries(1, 10, 12, 3000), contents.entries().subList(0, 3));
    assertEquals(14, contents.lastIndex(0));
    assertThrows(
        WalNotFoundException.class,
        () -> read(Snapshot.ZERO),
        "the purged start of the log is gone");
  }

  /** W5: {@code create} refuses a location that holds a log, and leaves it alone. */
  @Test
  void required_W5_createRefusesAnExistingLog() throws IOException {
    start();
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(1, 1, 1), entries(1, 1, 1, 10));
    }
    assertThrows(WalExistsException.class, () -> Wal.create(options, null));
    assertEquals(1, read(Snapshot.ZERO).lastIndex(0));
  }

  /**
   * W6: opening a location without a log throws {@link WalNotFoundException}; it does not exist.
   */
  @Test
  void required_W6_openingNothingThrowsNotFound() throws IOException {
    start();
    assertFalse(Wal.exists(options));
    assertThrows(WalNotFoundException.class, () -> Wal.open(options, Snapshot.ZERO));
  }

  /**
   * W7: while a writer has the log, a second writer is refused with {@link WalLockedException} and
   * a reader reads it, the writer's unsynced saves included or not, but never a broken record. When
   * it fails, check rule R5 and that readers take no lock (R7).
   */
  @Test
  void required_W7_aSecondWriterIsRefusedAndAReaderIsNot() throws IOException {
    start();
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(1, 1, 1), entries(1, 1, 3, 100));
      assertThrows(WalLockedException.class, () -> Wal.open(options, Snapshot.ZERO));
      try (Wal reader = Wal.openForRead(options, Snapshot.ZERO)) {
        WalContents contents = reader.readAll();
        assertEquals(entries(1, 1, 3, 100), contents.entries());
        assertNull(contents.tornTail());
      }
      wal.save(HardState.EMPTY, entries(1, 4, 4, 100));
    }
    assertEquals(4, read(Snapshot.ZERO).lastIndex(0));
  }

  /**
   * W8: the log is cut into segments at the segment size and reads back across all of them. When it
   * fails, check allocate, publish and the order of {@code segments()}.
   */
  @Test
  void required_W8_segmentsAreCutAndReadAcross() throws IOException {
    start();
    List<Entry> all = new ArrayList<>();
    try (Wal wal = Wal.create(options, null)) {
      for (long i = 1; i <= 40; i++) {
        List<Entry> batch = entries(1, i, i, (int) (i * 97 % 2500));
        wal.save(new HardState(1, 1, i), batch);
        all.addAll(batch);
      }
      assertTrue(wal.lockedSegments().size() > 3, "segments: " + wal.lockedSegments());
    }
    assertEquals(all, read(Snapshot.ZERO).entries());
  }

  /**
   * W9: a purge deletes only segments the writer released, oldest first, and keeps the number asked
   * for. When it fails, check rule R8: delete must refuse held segments.
   */
  @Test
  void required_W9_purgeDeletesOnlyReleasedSegments() throws IOException {
    start();
    try (Wal wal = Wal.create(options, null)) {
      for (long i = 1; i <= 10; i++) {
        wal.save(new HardState(1, 1, i), entries(1, i, i, 4000));
      }
      List<SegmentId> held = wal.lockedSegments();
      assertTrue(Wal.purge(options, 1).isEmpty(), "a purge deleted segments the writer holds");
      wal.saveSnapshot(Snapshot.of(8, 1));
      wal.releaseLockTo(8);
      List<SegmentId> purged = Wal.purge(options, 1);
      assertFalse(purged.isEmpty());
      assertEquals(held.subList(0, purged.size()), purged, "the oldest go first");
      for (SegmentId id : purged) {
        assertFalse(wal.lockedSegments().contains(id));
      }
    }
  }

  /** Entries 1..3 of 200 bytes, then entry 4 of 600 bytes cut short as a crash would. */
  private void logWithATornLastRecord() throws IOException {
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(1, 1, 1), entries(1, 1, 3, 200));
      wal.save(HardState.EMPTY, entries(1, 4, 4, 600));
    }
    Map<SegmentId, byte[]> segments = BackendFiles.segments(fixture, location);
    SegmentId last = List.copyOf(segments.keySet()).get(segments.size() - 1);
    byte[] bytes = segments.get(last);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == 0) {
      end--;
    }
    fixture.putSegment(location, last, Arrays.copyOf(bytes, end - 300));
  }

  /**
   * W10: a last record cut short (a torn write) is a {@link TornTailException}; repair cuts it,
   * keeping a backup, and the log opens with the records before it. When it fails, check that
   * {@code truncate} and {@code backup} work on the last segment.
   */
  @Test
  void required_W10_aTornTailIsRepaired() throws IOException {
    start();
    logWithATornLastRecord();
    assertThrows(TornTailException.class, () -> read(Snapshot.ZERO));
    RepairResult result = Wal.repair(options);
    assertTrue(result.repaired());
    assertNotNull(result.backup());
    assertEquals(entries(1, 1, 3, 200), read(Snapshot.ZERO).entries());
  }

  /**
   * W11: damage in a sealed segment (a bit flipped in synced data) is corruption, reported with its
   * segment and offset and never cut by the default repair. When it fails, check that the backend
   * returns the bytes it stored, and that truncate is not called on your own initiative.
   */
  @Test
  void required_W11_damageInTheMiddleIsReportedNotCut() throws IOException {
    start();
    try (Wal wal = Wal.create(options, null)) {
      for (long i = 1; i <= 6; i++) {
        wal.save(new HardState(1, 1, i), entries(1, i, i, 3000));
      }
    }
    Map<SegmentId, byte[]> segments = BackendFiles.segments(fixture, location);
    SegmentId first = SegmentId.FIRST;
    byte[] bytes = segments.get(first);
    bytes[200] ^= 0x10;
    fixture.putSegment(location, first, bytes);
    WalCorruptException error = assertThrows(WalCorruptException.class, () -> read(Snapshot.ZERO));
    assertFalse(
        error instanceof TornTailException, "damage in the first segment called torn: " + error);
    assertEquals(first.fileName(), error.segment());
    assertTrue(error.offset() <= 200, "offset " + error.offset());
    assertFalse(Wal.repair(options).repaired(), "repair cut a log damaged before its last segment");
    assertThrows(
        WalCorruptException.class, () -> read(Snapshot.ZERO), "the damage is still reported");
  }

  /**
   * W12: a failed sync poisons the log: the save throws {@link WalClosedException} with {@code
   * isPoisoned()}, every later call does too even when syncs work again, and a reopen finds
   * everything saved before. When it fails, check rule R6.
   */
  @TestFactory
  Stream<DynamicTest> required_W12_aFailedSyncPoisonsTheLog() throws IOException {
    start();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.FAILING_SYNC),
        () -> {
          Wal wal = Wal.create(options, null);
          wal.save(new HardState(1, 1, 1), entries(1, 1, 2, 10));
          fixture.failSyncs(location, 0);
          WalClosedException failed =
              assertThrows(
                  WalClosedException.class, () -> wal.save(HardState.EMPTY, entries(1, 3, 3, 10)));
          assertTrue(failed.isPoisoned());
          fixture.clearFailures(location);
          assertTrue(assertThrows(WalClosedException.class, wal::sync).isPoisoned());
          wal.close();
          assertEquals(entries(1, 1, 2, 10), read(Snapshot.ZERO).entries().subList(0, 2));
        });
  }

  /**
   * W15: one writer, ever: while a writer cuts segments and releases the old ones after each
   * snapshot, a second writer that opens the log (listing, locking, reading, saving) is refused
   * every time, and the log reads whole afterwards. When it fails, check that the backend's lock
   * belongs to the log and is taken before the segments are listed: segment locks alone let a
   * second writer in between a cut and a release.
   */
  @Test
  void required_W15_aSecondWriterIsRefusedWhileTheFirstCutsAndReleases() throws Exception {
    start();
    WalOptions small = options.withSegmentBytes(4096);
    Racer racer = new Racer(small);
    int rounds = 0;
    try (Wal first = Wal.create(small, null)) {
      racer.start();
      // At least 100 rounds, each of them a cut and a release, and on until the second writer has
      // tried 100 times: a fast backend must not finish before the race is on.
      while (!racer.gotIn() && (rounds < 100 || (racer.attempts() < 100 && rounds < 1000))) {
        rounds++;
        first.save(new HardState(1, 1, rounds - 1), List.of(SamplePayloads.entry(1, rounds, 3000)));
        first.save(new HardState(1, 1, rounds), List.of());
        first.saveSnapshot(Snapshot.of(rounds, 1));
        first.releaseLockTo(rounds);
      }
      racer.stop();
    }
    assertEquals(List.of(), racer.violations, "a second writer got in beside the first");
    assertTrue(racer.refused > 0, "the second writer never tried while the first had the log");
    WalContents contents;
    try (Wal reopened = Wal.open(small, Snapshot.ZERO)) {
      contents = reopened.readAll();
    }
    assertEquals(entries(1, 1, rounds, 3000), contents.entries());
    assertEquals(new HardState(1, 1, rounds), contents.hardState());
  }

  /**
   * W15 (optional): the same race with the second writer in another process. The kit starts a JVM
   * on the test class path that opens, reads and saves in a loop while this one cuts and releases.
   * When it fails, check that the writer's lock is an operating system lock (or your service's).
   */
  @TestFactory
  Stream<DynamicTest> optional_W15_aWriterInAnotherProcessIsRefusedWhileTheFirstCutsAndReleases()
      throws IOException {
    start();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.CROSS_PROCESS_LOCKING),
        () -> {
          WalOptions small = options.withSegmentBytes(4096);
          int rounds = 100;
          List<String> seen;
          try (Wal first = Wal.create(small, null)) {
            LockProbe.Race race = LockProbe.race(fixture, location, 4096);
            for (int i = 1; i <= rounds; i++) {
              first.save(new HardState(1, 1, i - 1), List.of(SamplePayloads.entry(1, i, 3000)));
              first.save(new HardState(1, 1, i), List.of());
              first.saveSnapshot(Snapshot.of(i, 1));
              first.releaseLockTo(i);
            }
            seen = race.stop();
          }
          assertTrue(seen.contains("opened 0"), "the writer in another process got in: " + seen);
          assertFalse(
              seen.stream().anyMatch(line -> line.startsWith("failed")),
              "the writer in another process failed otherwise than locked: " + seen);
          try (Wal reopened = Wal.open(small, Snapshot.ZERO)) {
            WalContents contents = reopened.readAll();
            assertEquals(entries(1, 1, rounds, 3000), contents.entries());
            assertEquals(new HardState(1, 1, rounds), contents.hardState());
          }
        });
  }

  /** A second writer in a loop: opens the log, reads it and saves a higher term, until stopped. */
  private static final class Racer implements Runnable {
    private final WalOptions options;
    private final Thread thread = new Thread(this, "jwal-tck second writer");
    private final CountDownLatch tried = new CountDownLatch(1);
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile boolean stopping;
    final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    int refused;

    Racer(WalOptions options) {
      this.options = options;
    }

    /** Starts racing, and returns once the first attempt is made. */
    void start() throws InterruptedException {
      thread.start();
      tried.await();
    }

    int attempts() {
      return attempts.get();
    }

    boolean gotIn() {
      return !violations.isEmpty();
    }

    void stop() throws InterruptedException {
      stopping = true;
      thread.join();
    }

    @Override
    public void run() {
      for (long term = 2; !stopping && violations.isEmpty(); term++) {
        try (Wal second = Wal.open(options, Snapshot.ZERO)) {
          second.readAll();
          second.save(new HardState(term, 1, 0), List.of());
          violations.add("opened, read and saved the log while the first writer had it");
        } catch (WalLockedException expected) {
          refused++;
        } catch (IOException | RuntimeException e) {
          violations.add(e.toString());
        }
        attempts.incrementAndGet();
        tried.countDown();
      }
    }
  }

  /**
   * W16: a disk that fills up while the log is idle, and empties again, leaves the log working: the
   * next cuts succeed and the log holds every save. When it fails, check that preparing the next
   * segment in the background, which may run into the full disk, neither poisons the storage nor
   * sticks: the cut that needs the segment prepares it again. (What a save meets while the disk is
   * full depends on whether the backend preallocates; rule C4 covers it.)
   */
  @TestFactory
  Stream<DynamicTest> required_W16_aDiskThatFillsUpWhileTheLogIsIdleLeavesItWorking()
      throws IOException {
    start();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.DISK_FULL),
        () -> {
          List<Entry> saved = new ArrayList<>();
          long index = 0;
          try (Wal wal = Wal.create(options, null)) {
            for (int cut = 1; cut <= 3; cut++) {
              while (wal.lockedSegments().size() <= cut) {
                Entry entry = SamplePayloads.entry(1, ++index, (int) SEGMENT / 2);
                wal.save(new HardState(1, 1, index - 1), List.of(entry));
                saved.add(entry);
              }
              fixture.setCapacity(location, 0);
              Thread.sleep(20);
              fixture.setCapacity(location, Long.MAX_VALUE);
            }
          }
          assertEquals(saved, read(Snapshot.ZERO).entries());
        });
  }

  /** W13: a closed log refuses calls with a {@link WalClosedException} that is not poisoned. */
  @Test
  void required_W13_aClosedLogRefusesCalls() throws IOException {
    start();
    Wal wal = Wal.create(options, null);
    wal.close();
    WalClosedException closed = assertThrows(WalClosedException.class, wal::sync);
    assertFalse(closed.isPoisoned());
  }

  /**
   * W17: closing is not a failure. Saves that lose a race with {@code close} ({@code saveAsync}s
   * kept in flight by the hundred, across cuts) fail with a {@link WalClosedException} that is not
   * poisoned; every save acknowledged survives. When it fails, check that the backend reports a
   * write or sync on a closed storage as closed (not as an I/O failure), and that nothing writes to
   * it after close.
   */
  @Test
  void required_W17_savesRacingCloseAreRefusedAsClosedNotPoisoned() throws Exception {
    start();
    for (int round = 0; round < 50; round++) {
      WalOptions at = options(fixture, fixture.newLocation(), 16 * 1024);
      Wal wal = Wal.create(at, null);
      Map<Entry, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
      AtomicLong next = new AtomicLong(1);
      AtomicBoolean stop = new AtomicBoolean();
      Object order = new Object();
      List<Thread> savers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        savers.add(
            new Thread(
                () -> {
                  boolean refused = false;
                  while (!stop.get() && !refused) {
                    synchronized (order) {
                      Entry entry = SamplePayloads.entry(1, next.getAndIncrement(), 300);
                      CompletableFuture<Void> saved =
                          wal.saveAsync(HardState.EMPTY, List.of(entry));
                      inFlight.put(entry, saved);
                      // A save refused at once means the log is closing: this saver is done.
                      refused = saved.isCompletedExceptionally();
                    }
                  }
                }));
      }
      savers.forEach(Thread::start);
      Thread.sleep(round % 7);
      wal.close();
      stop.set(true);
      for (Thread saver : savers) {
        saver.join();
      }
      List<Entry> acknowledged = new ArrayList<>();
      for (Map.Entry<Entry, CompletableFuture<Void>> save : inFlight.entrySet()) {
        try {
          save.getValue().join();
          acknowledged.add(save.getKey());
        } catch (CompletionException e) {
          assertTrue(
              e.getCause() instanceof WalClosedException closed && !closed.isPoisoned(),
              "a save that raced close failed otherwise than closed: " + e.getCause());
        }
      }
      try (Wal reopened = Wal.open(at, Snapshot.ZERO)) {
        List<Entry> read = reopened.readAll().entries();
        assertTrue(read.containsAll(acknowledged), "an acknowledged save was lost at close");
      }
    }
  }

  /**
   * W18: a repair is durable: after it, a crash that loses everything unsynced leaves a log that
   * opens without another repair. When it fails, check that {@code truncate} syncs the segment it
   * cut (rule R11).
   */
  @TestFactory
  Stream<DynamicTest> required_W18_aRepairIsDurable() throws IOException {
    start();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.CRASH),
        () -> {
          logWithATornLastRecord();
          assertTrue(Wal.repair(options).repaired(), "the torn tail was not repaired");
          location = fixture.crash(location, FaultPlan.loseUnsynced(), 18);
          WalOptions after = options(fixture, location, SEGMENT);
          try (Wal reopened = Wal.open(after, Snapshot.ZERO)) {
            assertEquals(
                entries(1, 1, 3, 200),
                reopened.readAll().entries(),
                "after a repair and a crash, the log needed another repair or lost entries");
          }
        });
  }

  /**
   * W19: a purge is durable: the segments it deleted stay deleted after a crash, and the log reads
   * from the snapshot as before. When it fails, check that {@code delete} syncs the directory (rule
   * R8).
   */
  @TestFactory
  Stream<DynamicTest> required_W19_aPurgeIsDurable() throws IOException {
    start();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.CRASH),
        () -> {
          List<SegmentId> purged;
          try (Wal wal = Wal.create(options, null)) {
            for (long i = 1; i <= 10; i++) {
              wal.save(new HardState(1, 1, i), entries(1, i, i, 4000));
            }
            wal.saveSnapshot(Snapshot.of(8, 1));
            wal.releaseLockTo(8);
            purged = Wal.purge(options, 1);
            assertFalse(purged.isEmpty(), "nothing was purged");
          }
          location = fixture.crash(location, FaultPlan.loseUnsynced(), 19);
          WalOptions after = options(fixture, location, SEGMENT);
          try (LogStorage storage = BackendFiles.open(fixture, location)) {
            for (SegmentId id : purged) {
              assertFalse(storage.segments().contains(id), id + " came back after a crash");
            }
          }
          try (Wal reopened = Wal.open(after, Snapshot.of(8, 1))) {
            assertEquals(entries(1, 9, 10, 4000), reopened.readAll().entries());
          }
        });
  }

  /**
   * W14: {@code verify} and {@code validSnapshotEntries} read the log without a lock while a writer
   * has it. When it fails, check that readers do not need the writer's lock (R7).
   */
  @Test
  void required_W14_verifyAndValidSnapshotsReadBesideTheWriter() throws IOException {
    start();
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(2, 1, 3), entries(2, 1, 3, 50));
      wal.saveSnapshot(Snapshot.of(2, 2));
      wal.save(new HardState(2, 1, 4), entries(2, 4, 4, 50));
      assertEquals(new HardState(2, 1, 4), Wal.verify(options, Snapshot.ZERO));
      assertEquals(List.of(Snapshot.ZERO, Snapshot.of(2, 2)), Wal.validSnapshotEntries(options));
    }
  }
}
