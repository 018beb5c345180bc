package io.github.jwal.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.Entry;
import io.github.jwal.EntryUnavailableException;
import io.github.jwal.HardState;
import io.github.jwal.ReplayHandler;
import io.github.jwal.Snapshot;
import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import io.github.jwal.faults.FaultPlan;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The log a raft engine runs on, over the backend (W20–W24): reads by index beside the writer,
 * truncation at both ends, appends at indexes the log assigns. The engine is the same for every
 * backend, so a failure here that the in-memory backend passes points at the backend's positional
 * reads (R14), its listing after a delete (R8) or its durability (R1–R4).
 */
abstract class IndexedLogContractTests extends KitTests {
  private static final long SEGMENT = 8 * 1024;
  private static final int SIZE = 300;

  private TckFixture fixture;
  private Path location;
  private WalOptions options;

  private void start() throws IOException {
    fixture = newFixture();
    location = fixture.newLocation();
    options = options(fixture, location, SEGMENT);
  }

  private static List<Entry> entries(long term, long from, long to) {
    List<Entry> entries = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      entries.add(SamplePayloads.entry(term, i, SIZE));
    }
    return entries;
  }

  private static List<Entry> readByIndex(Wal wal) throws IOException {
    List<Entry> read = new ArrayList<>();
    for (long i = wal.firstIndex(); i <= wal.lastIndex(); i++) {
      read.add(wal.entry(i));
    }
    return read;
  }

  /** A log of entries 1–40 over several segments, the last ten overwritten by a later term. */
  private List<Entry> logWithAnOverwrite(Wal wal) throws IOException {
    wal.save(new HardState(1, 1, 20), entries(1, 1, 40));
    wal.save(new HardState(2, 1, 20), entries(2, 31, 40));
    List<Entry> expected = new ArrayList<>(entries(1, 1, 30));
    expected.addAll(entries(2, 31, 40));
    return expected;
  }

  /**
   * W20: entries read by index, one at a time or as a range, are the entries saved, overwrites
   * applied, across segments; terms read as the entries hold them. When it fails with the in-memory
   * backend passing, check the backend's positional read (R14).
   */
  @Test
  void required_W20_entriesReadByIndexAreTheEntriesSaved() throws IOException {
    start();
    try (Wal wal = Wal.create(options, null)) {
      List<Entry> expected = logWithAnOverwrite(wal);
      assertEquals(1, wal.firstIndex());
      assertEquals(40, wal.lastIndex());
      assertEquals(expected, readByIndex(wal));
      assertEquals(expected.subList(4, 35), wal.entries(5, 36, Long.MAX_VALUE));
      assertEquals(0, wal.term(0), "the term before the first entry is the snapshot's");
      assertEquals(1, wal.term(30));
      assertEquals(2, wal.term(31));
    }
  }

  /**
   * W20: a range read stops at its byte budget but returns at least one entry, as raft's {@code
   * Entries(lo, hi, maxSize)} does (etcd's raft {@code TestStorageEntries}).
   */
  @Test
  void required_W20_aRangeReadStopsAtItsByteBudgetButReturnsOneEntry() throws IOException {
    start();
    try (Wal wal = Wal.create(options, null)) {
      List<Entry> expected = logWithAnOverwrite(wal);
      assertEquals(expected.subList(0, 1), wal.entries(1, 40, 1));
      List<Entry> some = wal.entries(1, 41, 10 * SIZE);
      assertFalse(
          some.isEmpty() || some.size() >= 10, some.size() + " entries in 10 payloads' bytes");
      assertEquals(expected.subList(0, some.size()), some);
    }
  }

  /**
   * W20: an index the log does not hold is refused as unavailable, naming the log's bounds and the
   * side it fell on: index 0, the compacted, the next, the last possible.
   */
  @Test
  void required_W20_anIndexTheLogDoesNotHoldIsUnavailable() throws IOException {
    start();
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(1, 1, 30), entries(1, 1, 40));
      wal.compact(Snapshot.of(20, 1));
      for (long index : new long[] {0, 1, 20, 41, Long.MAX_VALUE, -1}) {
        EntryUnavailableException e =
            assertThrows(EntryUnavailableException.class, () -> wal.entry(index), "entry " + index);
        assertEquals(21, e.firstIndex());
        assertEquals(40, e.lastIndex());
        assertEquals(Long.compareUnsigned(index, 21) < 0, e.isCompacted(), "entry " + index);
      }
      assertThrows(EntryUnavailableException.class, () -> wal.term(19));
      assertThrows(EntryUnavailableException.class, () -> wal.term(41));
      assertThrows(EntryUnavailableException.class, () -> wal.entries(41, 45, Long.MAX_VALUE));
      assertThrows(IllegalArgumentException.class, () -> wal.entries(25, 25, Long.MAX_VALUE));
    }
  }

  /**
   * W20: readers on other threads, beside a writer appending, read only entries whose save was
   * acknowledged, each as it was saved. When it fails, check that a positional read sees bytes
   * written after the reader opened (R14) and is safe from many threads.
   */
  @Test
  void required_W20_readersBesideTheWriterReadWhatWasSaved() throws Exception {
    start();
    try (Wal wal = Wal.create(options, null)) {
      AtomicBoolean done = new AtomicBoolean();
      ExecutorService readers = Executors.newFixedThreadPool(3);
      try {
        List<Future<Integer>> reads = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
          reads.add(readers.submit(() -> readWhileWriting(wal, done)));
        }
        for (long i = 1; i <= 300; i++) {
          wal.save(new HardState(1, 1, i), List.of(SamplePayloads.entry(1, i, SIZE)));
        }
        done.set(true);
        for (Future<Integer> read : reads) {
          assertTrue(read.get(1, TimeUnit.MINUTES) > 0, "a reader read nothing");
        }
      } finally {
        readers.shutdownNow();
      }
    }
  }

  private static int readWhileWriting(Wal wal, AtomicBoolean done) throws IOException {
    int reads = 0;
    while (!done.get() || reads == 0) {
      long last = wal.lastIndex();
      if (last == 0) {
        Thread.onSpinWait();
        continue;
      }
      long index = 1 + ThreadLocalRandom.current().nextLong(last);
      assertEquals(SamplePayloads.entry(1, index, SIZE), wal.entry(index));
      reads++;
    }
    return reads;
  }

  /**
   * W21: a log opened at its latest snapshot ({@code open(options)}) reads by index what a full
   * read returns, and knows its first index after a compaction.
   */
  @Test
  void required_W21_openingAtTheLatestSnapshotReadsAsAFullReadDoes() throws IOException {
    start();
    List<Entry> expected;
    try (Wal wal = Wal.create(options, null)) {
      expected = logWithAnOverwrite(wal);
      wal.compact(Snapshot.of(12, 1));
    }
    try (Wal wal = Wal.open(options)) {
      assertEquals(13, wal.firstIndex());
      assertEquals(40, wal.lastIndex());
      assertEquals(1, wal.term(12));
      assertEquals(expected.subList(12, 40), readByIndex(wal));
      assertEquals(new HardState(2, 1, 20), wal.hardState());
    }
    try (Wal wal = Wal.openForRead(options)) {
      assertEquals(expected.subList(12, 40), readByIndex(wal));
    }
  }

  /**
   * W21: a log opened with a handler ({@code open(options, handler)}) streams to it, in the read
   * that indexes the log, exactly the entries it then holds by index: entries the read met before
   * it knew the snapshot it starts at (those of the segment the compaction kept) are taken back.
   */
  @Test
  void required_W21_openingWithAHandlerStreamsTheEntriesTheLogHolds() throws IOException {
    start();
    try (Wal wal = Wal.create(options, null)) {
      logWithAnOverwrite(wal);
      wal.compact(Snapshot.of(12, 1));
    }
    Collected collected = new Collected();
    try (Wal wal = Wal.open(options, collected)) {
      assertEquals(readByIndex(wal), collected.entries);
      assertEquals(13, collected.entries.get(0).index());
    }
  }

  /**
   * W21: entries before a gap that a compaction beyond the last entry left (raft's {@code
   * ApplySnapshot} on a follower far behind) never reach the handler's log.
   */
  @Test
  void required_W21_aHandlerKeepsNothingBeforeAGapACompactionLeft() throws IOException {
    start();
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(1, 1, 5), entries(1, 1, 5));
      wal.compact(Snapshot.of(100, 4));
      wal.append(4, List.of(SamplePayloads.bytes(101, SIZE)));
    }
    Collected collected = new Collected();
    try (Wal wal = Wal.open(options, collected)) {
      assertEquals(
          List.of(Entry.of(4, 101, SamplePayloads.bytes(101, SIZE))),
          collected.entries,
          "what " + wal + " streamed");
    }
  }

  /** A handler that keeps what it is told the log holds, by raft's rules. */
  private static final class Collected implements ReplayHandler {
    final List<Entry> entries = new ArrayList<>();

    @Override
    public void append(Entry entry) {
      if (!entries.isEmpty() && entry.index() != entries.get(entries.size() - 1).index() + 1) {
        throw new AssertionError("entry " + entry.index() + " does not follow " + entries);
      }
      entries.add(entry);
    }

    @Override
    public void truncateAfter(long index) {
      entries.removeIf(e -> e.index() > index);
    }

    @Override
    public void compactTo(long index) {
      entries.removeIf(e -> e.index() <= index);
    }
  }

  /**
   * W22: {@code truncateAfter} drops the entries after an index at once and for good: reads by
   * index, a reopen and a full read from the start all end there, and appends go on after it.
   */
  @Test
  void required_W22_truncateAfterDropsTheSuffixForGood() throws IOException {
    start();
    List<Entry> expected;
    try (Wal wal = Wal.create(options, null)) {
      expected = new ArrayList<>(logWithAnOverwrite(wal).subList(0, 25));
      wal.truncateAfter(25);
      assertEquals(25, wal.lastIndex());
      assertThrows(EntryUnavailableException.class, () -> wal.entry(26));
      assertEquals(expected, readByIndex(wal));
    }
    try (Wal wal = Wal.open(options)) {
      assertEquals(expected, readByIndex(wal));
      assertEquals(26, wal.append(3, List.of(SamplePayloads.bytes(26, SIZE))));
    }
    expected.add(Entry.of(3, 26, SamplePayloads.bytes(26, SIZE)));
    try (Wal wal = Wal.open(options, Snapshot.ZERO)) {
      assertEquals(expected, wal.readAll().entries());
    }
  }

  /**
   * W22: a truncation is durable: after it returns, a crash that loses everything unsynced brings
   * none of the dropped entries back. When it fails, check that a sync makes every write before it
   * durable (R1).
   */
  @TestFactory
  Stream<DynamicTest> required_W22_aTruncationSurvivesACrash() throws IOException {
    start();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.CRASH),
        () -> {
          List<Entry> expected;
          try (Wal wal = Wal.create(options, null)) {
            expected = logWithAnOverwrite(wal).subList(0, 22);
            wal.truncateAfter(22);
            location = fixture.crash(location, FaultPlan.loseUnsynced(), 22);
            WalOptions after = options(fixture, location, SEGMENT);
            try (Wal reopened = Wal.open(after)) {
              assertEquals(
                  expected,
                  readByIndex(reopened),
                  "after a truncation and a crash, dropped entries came back or kept ones were lost");
            }
          }
        });
  }

  /**
   * W22: committed entries are never dropped: a truncation below the commit index, or into the
   * compacted prefix, is refused and changes nothing.
   */
  @Test
  void required_W22_aTruncationBelowTheCommitIndexIsRefused() throws IOException {
    start();
    try (Wal wal = Wal.create(options, null)) {
      List<Entry> expected = logWithAnOverwrite(wal);
      assertThrows(IllegalArgumentException.class, () -> wal.truncateAfter(19));
      wal.compact(Snapshot.of(10, 1));
      assertThrows(IllegalArgumentException.class, () -> wal.truncateAfter(5));
      assertEquals(expected.subList(10, 40), readByIndex(wal));
    }
  }

  /**
   * W23: {@code compact} makes the snapshot's next index the first, now and after a reopen, and
   * deletes the segments before the last one that starts at or before the snapshot (that one a
   * reopen at the snapshot starts from). When it fails, check the backend's delete and listing
   * (R8).
   */
  @Test
  void required_W23_compactionMovesTheFirstIndexAndDeletesWhatItLeftBehind() throws IOException {
    start();
    List<SegmentId> before;
    try (Wal wal = Wal.create(options, null)) {
      for (long i = 1; i <= 100; i++) {
        wal.save(new HardState(1, 1, i), entries(1, i, i));
      }
      before = segments();
      wal.compact(Snapshot.of(90, 1));
      assertEquals(91, wal.firstIndex());
      assertEquals(1, wal.term(90));
      assertThrows(EntryUnavailableException.class, () -> wal.entry(90));
    }
    List<SegmentId> kept = new ArrayList<>();
    for (SegmentId id : before) {
      if (id.firstIndex() > 90) {
        kept.add(id);
      } else {
        kept.clear();
        kept.add(id);
      }
    }
    assertTrue(before.size() > 2 && kept.size() < before.size(), "the test needs more segments");
    assertEquals(kept, segments(), "what the compaction to 90 left of " + before);
    try (Wal wal = Wal.open(options)) {
      assertEquals(91, wal.firstIndex());
      assertEquals(entries(1, 91, 100), readByIndex(wal));
    }
  }

  /**
   * W23: a compaction beyond the last entry leaves the log empty, its next entry the snapshot's
   * next index (raft's {@code ApplySnapshot} on a follower far behind).
   */
  @Test
  void required_W23_aCompactionBeyondTheLastEntryLeavesAnEmptyLog() throws IOException {
    start();
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(1, 1, 5), entries(1, 1, 5));
      wal.compact(Snapshot.of(100, 4));
      assertEquals(101, wal.firstIndex());
      assertEquals(100, wal.lastIndex());
      assertEquals(101, wal.append(4, List.of(SamplePayloads.bytes(101, SIZE))));
    }
    try (Wal wal = Wal.open(options)) {
      assertEquals(101, wal.firstIndex());
      assertEquals(List.of(Entry.of(4, 101, SamplePayloads.bytes(101, SIZE))), readByIndex(wal));
      assertEquals(100, wal.hardState().commit());
    }
  }

  /**
   * W23: a compaction is durable: after a crash that loses everything unsynced the log opens at the
   * snapshot.
   */
  @TestFactory
  Stream<DynamicTest> required_W23_aCompactionSurvivesACrash() throws IOException {
    start();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.CRASH),
        () -> {
          try (Wal wal = Wal.create(options, null)) {
            logWithAnOverwrite(wal);
            wal.compact(Snapshot.of(30, 1));
            location = fixture.crash(location, FaultPlan.loseUnsynced(), 23);
            WalOptions after = options(fixture, location, SEGMENT);
            try (Wal reopened = Wal.open(after)) {
              assertEquals(31, reopened.firstIndex());
              assertEquals(entries(2, 31, 40), readByIndex(reopened));
            }
          }
        });
  }

  /**
   * W24: appends from many threads at once get distinct, consecutive indexes, each call's entries
   * together, and every acknowledged one is there after a reopen; some twenty cuts happen while the
   * threads race.
   */
  @Test
  void required_W24_appendsFromManyThreadsGetConsecutiveIndexes() throws Exception {
    start();
    int threads = 8;
    int calls = 40;
    ConcurrentMap<Long, byte[]> appended = new ConcurrentHashMap<>();
    try (Wal wal = Wal.create(options, null)) {
      ExecutorService appenders = Executors.newFixedThreadPool(threads);
      CountDownLatch go = new CountDownLatch(1);
      try {
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          work.add(
              appenders.submit(
                  () -> {
                    go.await();
                    for (int c = 0; c < calls; c++) {
                      byte[] first = SamplePayloads.bytes(thread * 1000L + c, SIZE);
                      byte[] second = SamplePayloads.bytes(-(thread * 1000L + c), SIZE);
                      long index = wal.append(1, List.of(first, second));
                      assertTrue(
                          appended.put(index, first) == null
                              && appended.put(index + 1, second) == null,
                          "index " + index + " was given twice");
                    }
                    return null;
                  }));
        }
        go.countDown();
        for (Future<?> w : work) {
          w.get(2, TimeUnit.MINUTES);
        }
      } finally {
        appenders.shutdownNow();
      }
      assertEquals(2L * threads * calls, wal.lastIndex());
    }
    try (Wal wal = Wal.open(options)) {
      for (long i = 1; i <= 2L * threads * calls; i++) {
        assertEquals(Entry.of(1, i, appended.get(i)), wal.entry(i), "entry " + i);
      }
    }
  }

  private List<SegmentId> segments() throws IOException {
    try (LogStorage storage = BackendFiles.open(fixture, location)) {
      return storage.segments();
    }
  }
}
