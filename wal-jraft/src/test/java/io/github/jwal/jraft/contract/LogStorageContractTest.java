package io.github.jwal.jraft.contract;

import static io.github.jwal.jraft.testkit.LogEntries.configuration;
import static io.github.jwal.jraft.testkit.LogEntries.data;
import static io.github.jwal.jraft.testkit.LogEntries.describe;
import static io.github.jwal.jraft.testkit.LogEntries.jointConfiguration;
import static io.github.jwal.jraft.testkit.LogEntries.range;
import static io.github.jwal.jraft.testkit.LogEntries.remaining;
import static io.github.jwal.jraft.testkit.LogEntries.termIsIndex;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.alipay.sofa.jraft.JRaftServiceFactory;
import com.alipay.sofa.jraft.conf.ConfigurationEntry;
import com.alipay.sofa.jraft.conf.ConfigurationManager;
import com.alipay.sofa.jraft.entity.EnumOutter.EntryType;
import com.alipay.sofa.jraft.entity.LogEntry;
import com.alipay.sofa.jraft.entity.LogId;
import com.alipay.sofa.jraft.option.LogStorageOptions;
import com.alipay.sofa.jraft.option.RaftOptions;
import com.alipay.sofa.jraft.storage.LogStorage;
import io.github.jwal.jraft.testkit.LogEntries;
import io.github.jwal.jraft.testkit.Seeds;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a jraft {@link LogStorage} must do, as jraft's own storage tests and its log manager define
 * it, for any storage a {@link JRaftServiceFactory} creates. A subclass names the factory; each
 * test gets a fresh log in a temporary directory, opened as a node opens it (jraft's V2 codec, a
 * configuration manager, the default {@link RaftOptions}, so appends are synced).
 *
 * <p>Where a test carries over a case of jraft's {@code BaseLogStorageTest} (or of one of its
 * subclasses), the comment above it names that case. The suite only asserts what jraft relies on;
 * where stores may differ (the last index of a log emptied by {@code truncatePrefix}, what an
 * append over an existing index does to the entries after it) it asserts what every answer must
 * share.
 */
public abstract class LogStorageContractTest {
  /** How many times more entries the bulk cases write; {@code -Pstress} sets 10. */
  private static final int SCALE = Integer.getInteger("jwal.tck.scale", 1);

  @TempDir Path dir;

  private ConfigurationManager confManager;

  /**
   * The storage open at {@link #uri()}, shut down after each test; {@code null} between a shutdown
   * and an init.
   */
  private LogStorage storage;

  /** The factory whose {@code createLogStorage} and codec are under test. */
  protected abstract JRaftServiceFactory factory();

  private String uri() {
    return dir.resolve("log").toString();
  }

  private LogStorageOptions options(ConfigurationManager manager) {
    LogStorageOptions options = new LogStorageOptions();
    options.setGroupId("contract");
    options.setConfigurationManager(manager);
    options.setLogEntryCodecFactory(factory().createLogEntryCodecFactory());
    return options;
  }

  private LogStorage openAt(String uri, ConfigurationManager manager) {
    return openAt(uri, manager, new RaftOptions());
  }

  private LogStorage openAt(String uri, ConfigurationManager manager, RaftOptions raftOptions) {
    LogStorage opened = factory().createLogStorage(uri, raftOptions);
    assertTrue(opened.init(options(manager)), "init " + uri);
    return opened;
  }

  @BeforeEach
  void openLog() {
    confManager = new ConfigurationManager();
    storage = openAt(uri(), confManager);
  }

  @AfterEach
  void closeLog() {
    if (storage != null) {
      storage.shutdown();
    }
  }

  /** Shuts the storage down and opens a new object on the same URI, as a restarted node does. */
  private void restartFresh(ConfigurationManager manager) {
    storage.shutdown();
    storage = null;
    storage = openAt(uri(), manager);
  }

  private void restartFresh() {
    restartFresh(new ConfigurationManager());
  }

  /** Shuts the storage down and inits the same object again. */
  private void restartSameObject() {
    LogStorage same = storage;
    same.shutdown();
    storage = null;
    assertTrue(same.init(options(new ConfigurationManager())), "init again after shutdown");
    storage = same;
  }

  /** Runs {@code check}, restarts on a fresh object, and runs it again: what returned is kept. */
  private void beforeAndAfterARestart(Runnable check) {
    check.run();
    restartFresh();
    check.run();
  }

  private void assertHolds(LogEntry expected) {
    long index = expected.getId().getIndex();
    LogEntry actual = storage.getEntry(index);
    assertNotNull(actual, "entry " + index);
    assertEquals(expected, actual, () -> "entry " + index + ": " + describe(actual));
    assertEquals(expected.getId().getTerm(), actual.getId().getTerm(), "term of " + index);
  }

  private void assertHoldsAll(List<LogEntry> expected) {
    expected.forEach(this::assertHolds);
  }

  private void assertAbsent(long from, long to) {
    for (long i = from; i <= to; i++) {
      assertNull(storage.getEntry(i), "entry " + i + " should be gone");
    }
  }

  /**
   * The log holds nothing and starts at {@code first}; stores differ in the last index they answer.
   */
  private void assertEmptyFrom(long first) {
    assertEquals(first, storage.getFirstLogIndex(), "first index");
    long last = storage.getLastLogIndex();
    assertTrue(last < first, "the log should be empty, but its last index is " + last);
  }

  private void assertBounds(long first, long last) {
    assertEquals(first, storage.getFirstLogIndex(), "first index");
    assertEquals(last, storage.getLastLogIndex(), "last index");
  }

  // BaseLogStorageTest.testEmptyState
  @Test
  void anEmptyLogStartsAtOneAndEndsAtZero() {
    assertBounds(1, 0);
    assertNull(storage.getEntry(0));
    assertNull(storage.getEntry(1));
    assertNull(storage.getEntry(100));
  }

  // BaseLogStorageTest.testAddOneEntryState
  @Test
  void oneEntryThenAnotherAfterAGap() {
    LogEntry first = data(100, 1);
    assertTrue(storage.appendEntry(first));
    assertBounds(100, 100);
    assertHolds(first);

    LogEntry afterGap = data(200, 2);
    assertTrue(storage.appendEntry(afterGap));
    assertBounds(100, 200);
    assertHolds(first);
    assertHolds(afterGap);
  }

  // BaseLogStorageTest.testAddManyEntries
  @Test
  void aBatchFromIndexZero() {
    List<LogEntry> entries = termIsIndex(0, 9);
    assertEquals(10, storage.appendEntries(entries));
    assertBounds(0, 9);
    assertHoldsAll(entries);
  }

  // BaseLogStorageTest.testLoadWithConfigManager
  @Test
  void configurationEntriesReachTheManagerOfTheNextInit() {
    assertTrue(confManager.getLastConfiguration().isEmpty());
    assertTrue(storage.appendEntry(configuration(99, 1, "127.0.0.1:8081", "127.0.0.1:8082")));
    assertEquals(
        1,
        storage.appendEntries(
            List.of(configuration(100, 2, "127.0.0.1:8081", "127.0.0.1:8082", "127.0.0.1:8083"))));

    ConfigurationManager reloaded = new ConfigurationManager();
    restartFresh(reloaded);

    ConfigurationEntry last = reloaded.getLastConfiguration();
    assertFalse(last.isEmpty());
    assertEquals("127.0.0.1:8081,127.0.0.1:8082,127.0.0.1:8083", last.getConf().toString());
    assertEquals(100, last.getId().getIndex());
    assertEquals(2, last.getId().getTerm());
    assertEquals("127.0.0.1:8081,127.0.0.1:8082", reloaded.get(99).getConf().toString());
  }

  @Test
  void configurationEntriesAreHandedOverLowestFirstAndTruncatedOnesNotAtAll() {
    String[] voters = {"127.0.0.1:8081", "127.0.0.1:8082", "127.0.0.1:8083"};
    String[] newVoters = {"127.0.0.1:8081", "127.0.0.1:8082", "127.0.0.1:8084"};
    List<LogEntry> entries = new ArrayList<>();
    entries.add(configuration(2, 1, voters));
    entries.add(data(3, 1));
    entries.add(data(4, 1));
    entries.add(
        jointConfiguration(
            5, 1, newVoters, new String[] {"127.0.0.1:8085"}, voters, new String[0]));
    entries.add(data(6, 1));
    entries.add(configuration(7, 1, newVoters));
    assertEquals(entries.size(), storage.appendEntries(entries));
    assertTrue(storage.truncateSuffix(6));

    RecordingConfigurationManager reloaded = new RecordingConfigurationManager();
    restartFresh(reloaded);

    assertEquals(List.of(2L, 5L), reloaded.indexesAdded(), "configurations handed over");
    assertEquals(
        List.of(true, true), reloaded.accepted(), "the manager takes them only in ascending order");
    ConfigurationEntry joint = reloaded.get(6);
    assertEquals(5, joint.getId().getIndex());
    assertEquals(LogEntries.peers(newVoters), joint.getConf().listPeers());
    assertEquals(LogEntries.peers("127.0.0.1:8085"), joint.getConf().listLearners());
    assertEquals(LogEntries.peers(voters), joint.getOldConf().listPeers());
    assertTrue(reloaded.get(2).getOldConf().isEmpty(), "a plain configuration has no old one");
  }

  @Test
  void aConfigurationRewrittenAfterATruncationIsHandedOverAsRewritten() {
    assertTrue(storage.appendEntry(configuration(4, 1, "127.0.0.1:8081")));
    assertTrue(storage.appendEntry(configuration(5, 1, "127.0.0.1:8081", "127.0.0.1:8082")));
    assertTrue(storage.truncateSuffix(4));
    assertTrue(storage.appendEntry(configuration(5, 2, "127.0.0.1:8081", "127.0.0.1:8083")));

    RecordingConfigurationManager reloaded = new RecordingConfigurationManager();
    restartFresh(reloaded);

    assertEquals(List.of(4L, 5L), reloaded.indexesAdded(), "configurations handed over");
    assertEquals("127.0.0.1:8081,127.0.0.1:8083", reloaded.get(5).getConf().toString());
    assertEquals(2, reloaded.get(5).getId().getTerm());
  }

  // BaseLogStorageTest.testReset
  @Test
  void resetKeepsTheEntryAtTheNewFirstIndex() {
    List<LogEntry> entries = termIsIndex(0, 9);
    assertEquals(10, storage.appendEntries(entries));

    assertTrue(storage.reset(5));
    beforeAndAfterARestart(
        () -> {
          assertBounds(5, 5);
          assertHolds(entries.get(5));
          assertNull(storage.getEntry(4));
          assertNull(storage.getEntry(6));
        });
  }

  @Test
  void resetWithoutAnEntryThereLeavesANoOpOfTermZeroThatTheNextAppendReplaces() {
    assertEquals(3, storage.appendEntries(range(1, 3, 1)));

    assertTrue(storage.reset(10));
    beforeAndAfterARestart(
        () -> {
          assertBounds(10, 10);
          LogEntry placeholder = storage.getEntry(10);
          assertNotNull(placeholder);
          assertEquals(EntryType.ENTRY_TYPE_NO_OP, placeholder.getType());
          assertEquals(0, placeholder.getId().getTerm());
          assertAbsent(1, 3);
        });

    // jraft's log manager takes the log after reset(n) as empty from n on, and appends n next.
    List<LogEntry> next = range(10, 11, 4);
    assertEquals(2, storage.appendEntries(next));
    assertBounds(10, 11);
    assertHoldsAll(next);
  }

  @Test
  void resetToZeroOrBelowIsRefusedAndChangesNothing() {
    List<LogEntry> entries = range(1, 3, 1);
    assertEquals(3, storage.appendEntries(entries));
    assertThrows(IllegalArgumentException.class, () -> storage.reset(0));
    assertThrows(IllegalArgumentException.class, () -> storage.reset(-1));
    assertBounds(1, 3);
    assertHoldsAll(entries);
  }

  // BaseLogStorageTest.testTruncatePrefix (without its sleep: reads below the new first index
  // answer
  // null at once, whatever a store still deletes in the background)
  @Test
  void truncatePrefixDropsTheHead() {
    List<LogEntry> entries = termIsIndex(0, 9);
    assertEquals(10, storage.appendEntries(entries));

    assertTrue(storage.truncatePrefix(5));
    beforeAndAfterARestart(
        () -> {
          assertBounds(5, 9);
          assertAbsent(0, 4);
          assertHoldsAll(entries.subList(5, 10));
        });
  }

  // A node that installs a snapshot beyond its last entry does this (LogManagerImpl.setSnapshot).
  // The last index of the emptied log differs between stores (RocksDB answers 0 once its background
  // delete has run, and 4 before): the rule is only that the log is empty, before and after a
  // restart.
  @Test
  void truncatePrefixPastTheEndEmptiesTheLogAndTheFirstIndexSurvivesARestart() {
    assertEquals(5, storage.appendEntries(termIsIndex(0, 4)));

    assertTrue(storage.truncatePrefix(100));
    beforeAndAfterARestart(
        () -> {
          assertEmptyFrom(100);
          assertAbsent(0, 4);
        });

    LogEntry next = data(100, 3);
    assertTrue(storage.appendEntry(next));
    assertBounds(100, 100);
    assertHolds(next);
  }

  // A follower whose disk was lost gets a snapshot, then truncatePrefix(snapshot + 1) on an empty
  // log.
  @Test
  void truncatePrefixOfAnEmptyLogMovesItsFirstIndex() {
    assertTrue(storage.truncatePrefix(1634));
    beforeAndAfterARestart(() -> assertEmptyFrom(1634));
  }

  // BaseLogStorageTest.testTruncateSuffix
  @Test
  void truncateSuffixDropsTheTail() {
    List<LogEntry> entries = termIsIndex(0, 9);
    assertEquals(10, storage.appendEntries(entries));

    assertTrue(storage.truncateSuffix(5));
    beforeAndAfterARestart(
        () -> {
          assertBounds(0, 5);
          assertHoldsAll(entries.subList(0, 6));
          assertAbsent(6, 9);
        });
  }

  // The truncation part of LogManagerTest.testAppendEntriesConflicts: the tail goes, a new term
  // follows.
  @Test
  void aTruncatedTailIsReplacedByANewTerm() {
    assertEquals(20, storage.appendEntries(range(1, 20, 1)));
    assertTrue(storage.truncateSuffix(14));
    List<LogEntry> newTerm = range(15, 30, 2);
    assertEquals(16, storage.appendEntries(newTerm));
    assertBounds(1, 30);
    assertHoldsAll(range(1, 14, 1));
    assertHoldsAll(newTerm);
  }

  // jraft's LogStorageBenchmark writes from index 0 again without truncating, so an existing index
  // is
  // overwritten. What becomes of the entries after it is the store's business; these end where the
  // old ones did.
  @Test
  void reappendingAnIndexOverwritesIt() {
    assertEquals(10, storage.appendEntries(range(1, 10, 1)));
    List<LogEntry> again = new ArrayList<>();
    for (long i = 4; i <= 10; i++) {
      again.add(data(i, 2, ("again " + i).getBytes(US_ASCII)));
    }
    assertEquals(7, storage.appendEntries(again));
    beforeAndAfterARestart(
        () -> {
          assertBounds(1, 10);
          assertHoldsAll(range(1, 3, 1));
          assertHoldsAll(again);
        });
  }

  // getTerm is deprecated in jraft, which no longer calls it; the storage still answers it.
  @SuppressWarnings("deprecation")
  @Test
  void getTermOfAnIndexNotHeldIsZero() {
    assertEquals(0, storage.getTerm(1));
    assertEquals(3, storage.appendEntries(List.of(data(1, 1), data(2, 7), data(3, 7))));
    assertEquals(7, storage.getTerm(2));
    assertEquals(0, storage.getTerm(0));
    assertEquals(0, storage.getTerm(4));
  }

  @Test
  void appendingNothingAppendsNothing() {
    assertEquals(0, storage.appendEntries(List.of()));
    assertEquals(0, storage.appendEntries(null));
    assertBounds(1, 0);
  }

  @Test
  void everyFieldOfTheCodecComesBack() {
    LogEntry checksummed = data(1, 1, new byte[] {1, 2, 3});
    checksummed.setChecksum(checksummed.checksum());
    LogEntry noOp = new LogEntry(EntryType.ENTRY_TYPE_NO_OP);
    noOp.setId(new LogId(2, 1));
    LogEntry joint =
        jointConfiguration(
            3,
            2,
            new String[] {"127.0.0.1:8081:1:100", "127.0.0.1:8082"},
            new String[] {"127.0.0.1:8090"},
            new String[] {"127.0.0.1:8081:1:100"},
            new String[] {"127.0.0.1:8091", "127.0.0.1:8092"});
    joint.setChecksum(joint.checksum());
    LogEntry emptyLists = configuration(4, 2, "127.0.0.1:8081");
    emptyLists.setLearners(new ArrayList<>());
    emptyLists.setOldPeers(new ArrayList<>());
    assertEquals(4, storage.appendEntries(List.of(checksummed, noOp, joint, emptyLists)));

    restartFresh();
    for (LogEntry expected : List.of(checksummed, noOp, joint)) {
      LogEntry actual = storage.getEntry(expected.getId().getIndex());
      assertEquals(expected, actual);
      assertEquals(expected.hasChecksum(), actual.hasChecksum(), "checksum kept or not");
      assertEquals(expected.getChecksum(), actual.getChecksum());
      assertFalse(actual.isCorrupted(), "checksum matches");
    }
    LogEntry lists = storage.getEntry(4);
    assertEquals(LogEntries.peers("127.0.0.1:8081"), lists.getPeers());
    assertNull(lists.getLearners(), "empty lists come back absent, as jraft's codec writes them");
    assertNull(lists.getOldPeers());
  }

  // jraft has one "no data" value, LogEntry.EMPTY_DATA, which its codec gives back for both a null
  // and
  // an empty payload; a state machine reads it without a null check.
  @Test
  void anEntryWithNoDataComesBackWithNoData() {
    LogEntry unset = new LogEntry(EntryType.ENTRY_TYPE_DATA);
    unset.setId(new LogId(1, 1));
    LogEntry nulled = data(2, 1, null);
    nulled.setData(null);
    LogEntry empty = data(3, 1, new byte[0]);
    assertEquals(3, storage.appendEntries(List.of(unset, nulled, empty)));

    for (long i = 1; i <= 3; i++) {
      LogEntry back = storage.getEntry(i);
      assertNotNull(back, "entry " + i);
      assertSame(LogEntry.EMPTY_DATA, back.getData(), "entry " + i + " data: " + describe(back));
      assertEquals(0, back.getData().remaining());
    }
  }

  @Test
  void appendingLeavesTheCallersBuffersAsTheyWere() {
    byte[] backing = "0123456789abcdef".getBytes(US_ASCII);
    ByteBuffer heap = ByteBuffer.wrap(backing.clone(), 2, 8); // position 2, limit 10
    ByteBuffer direct = ByteBuffer.allocateDirect(16).put(backing);
    direct.position(5).limit(12);
    LogEntry fromHeap = data(1, 1, null);
    fromHeap.setData(heap);
    LogEntry fromDirect = data(2, 1, null);
    fromDirect.setData(direct);
    LogEntry single = data(3, 1, null);
    ByteBuffer singleData = ByteBuffer.wrap(backing.clone(), 4, 3);
    single.setData(singleData);

    assertEquals(2, storage.appendEntries(List.of(fromHeap, fromDirect)));
    assertTrue(storage.appendEntry(single));

    assertEquals(2, heap.position());
    assertEquals(10, heap.limit());
    assertEquals(5, direct.position());
    assertEquals(12, direct.limit());
    assertEquals(4, singleData.position());
    assertEquals(7, singleData.limit());
    assertArrayEquals("23456789".getBytes(US_ASCII), remaining(storage.getEntry(1).getData()));
    assertArrayEquals("56789ab".getBytes(US_ASCII), remaining(storage.getEntry(2).getData()));

    // The log holds its own copy: what the caller does to its buffer later does not reach it.
    heap.put(2, (byte) 'X');
    assertArrayEquals("23456789".getBytes(US_ASCII), remaining(storage.getEntry(1).getData()));
  }

  // The removed java-log-storage-impl's BaseLogStorageTest.testRecover (jraft 1.3.11 to 1.3.x): 20
  // entries, shutdown, init on the same object, last index 19; here every entry is read back too.
  @Test
  void theSameObjectInitedAgainAfterShutdownSeesTheLog() {
    List<LogEntry> entries = termIsIndex(1, 20);
    assertEquals(20, storage.appendEntries(entries));
    restartSameObject();
    assertBounds(1, 20);
    assertHoldsAll(entries);
    LogEntry next = data(21, 21);
    assertTrue(storage.appendEntry(next));
    assertHolds(next);
  }

  @Test
  void aFreshObjectOnTheSameUriSeesTheLog() {
    List<LogEntry> entries = termIsIndex(1, 20);
    assertEquals(20, storage.appendEntries(entries));
    restartFresh();
    assertBounds(1, 20);
    assertHoldsAll(entries);
  }

  // jraft may still append while a node shuts down (LogManagerImpl's disk thread is not drained
  // before
  // NodeImpl.afterShutdown shuts the storage down); RocksDBLogStorage answers false and 0.
  @Test
  void writesAfterShutdownFailWithoutThrowing() {
    LogStorage closed = storage;
    closed.shutdown();
    storage = null;
    assertFalse(closed.appendEntry(data(1, 1)));
    assertEquals(0, closed.appendEntries(range(1, 2, 1)));
    // and the log still opens as it was
    storage = openAt(uri(), new ConfigurationManager());
    assertBounds(1, 0);
  }

  // BaseLogStorageTest.testAppendManyLargeEntries, scaled down from 100 000 entries of 16 KiB.
  @Test
  void largeEntriesInBatchesComeBackAfterARestart() {
    int entries = 1_000 * SCALE;
    int size = 16 * 1024;
    Random random = new Random(entries);
    for (int batch = 0; batch < entries / 100; batch++) {
      List<LogEntry> list = new ArrayList<>();
      for (int j = 0; j < 100; j++) {
        long index = batch * 100L + j;
        list.add(LogEntries.random(index, index, size, random));
      }
      assertEquals(100, storage.appendEntries(list), "batch " + batch);
    }
    for (int round = 0; round < 2; round++) {
      for (long i = 0; i < entries; i++) {
        LogEntry entry = storage.getEntry(i);
        assertNotNull(entry, "entry " + i);
        assertEquals(i, entry.getId().getIndex());
        assertEquals(i, entry.getId().getTerm());
        assertEquals(size, entry.getData().remaining());
      }
      restartSameObject();
    }
  }

  // RocksDBSegmentLogStorageTest.testTruncateChaos: single appends of random sizes, then a random
  // cut
  // at either end, each round on a fresh log. Unsynced: this is about which entries a cut keeps,
  // and
  // 2 000 syncs would be most of the suite's time.
  @Test
  void randomTruncationsAtEitherEnd() {
    long seed = Seeds.seed("randomTruncationsAtEitherEnd");
    Random random = new Random(seed);
    for (int round = 0; round < 20 * SCALE; round++) {
      String context = "seed " + seed + " round " + round;
      RaftOptions unsynced = new RaftOptions();
      unsynced.setSync(false);
      LogStorage log =
          openAt(dir.resolve("chaos-" + round).toString(), new ConfigurationManager(), unsynced);
      try {
        List<LogEntry> entries = new ArrayList<>();
        for (long i = 1; i <= 100; i++) {
          LogEntry entry = LogEntries.random(i, 1, random.nextInt(180), random);
          entries.add(entry);
          assertTrue(log.appendEntry(entry), context);
        }
        long cut = 1L + random.nextInt(100);
        boolean prefix = random.nextBoolean();
        assertTrue(prefix ? log.truncatePrefix(cut) : log.truncateSuffix(cut), context);
        for (LogEntry entry : entries) {
          long index = entry.getId().getIndex();
          boolean kept = prefix ? index >= cut : index <= cut;
          LogEntry back = log.getEntry(index);
          if (kept) {
            assertEquals(
                entry,
                back,
                context + (prefix ? " prefix " : " suffix ") + cut + " entry " + index);
          } else {
            assertNull(
                back, context + (prefix ? " prefix " : " suffix ") + cut + " entry " + index);
          }
        }
      } finally {
        log.shutdown();
      }
    }
  }

  // jraft reads from many threads (replicators, RPC processors, the state machine) while its log
  // manager's one thread appends: every acknowledged entry must read back whole at any moment. No
  // jraft
  // test does this; LogManagerImpl.getEntry falls through to the storage for any entry not in
  // memory,
  // and reports "Corrupted entry" (EIO) for a null inside [first, last].
  @Test
  void readersSeeEveryAcknowledgedEntryWhileOneThreadAppends() throws InterruptedException {
    long seed = Seeds.seed("readersSeeEveryAcknowledgedEntryWhileOneThreadAppends");
    int total = 2_000 * SCALE;
    AtomicLong acknowledged = new AtomicLong(0);
    AtomicBoolean done = new AtomicBoolean();
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      Random random = new Random(seed + r);
      Thread reader =
          new Thread(
              () -> {
                while (!done.get() && errors.isEmpty()) {
                  long upTo = acknowledged.get();
                  if (upTo == 0) {
                    Thread.onSpinWait();
                    continue;
                  }
                  long index = 1 + (long) (random.nextDouble() * upTo);
                  LogEntry entry = storage.getEntry(index);
                  if (entry == null || !entry.equals(data(index, 1))) {
                    errors.add(
                        "entry " + index + " of " + upTo + " acknowledged: " + describe(entry));
                  }
                }
              },
              "contract-reader-" + r);
      reader.start();
      readers.add(reader);
    }
    try {
      for (long next = 1; next <= total && errors.isEmpty(); next += 10) {
        assertEquals(10, storage.appendEntries(range(next, next + 9, 1)));
        acknowledged.set(next + 9);
      }
    } finally {
      done.set(true);
      for (Thread reader : readers) {
        reader.join();
      }
    }
    assertTrue(errors.isEmpty(), "seed " + seed + ": " + errors.peek());
  }

  /** Records what a storage's {@code init} hands over, and whether the manager took it. */
  private static final class RecordingConfigurationManager extends ConfigurationManager {
    private final List<Long> indexes = new ArrayList<>();
    private final List<Boolean> accepted = new ArrayList<>();

    @Override
    public boolean add(ConfigurationEntry entry) {
      boolean taken = super.add(entry);
      indexes.add(entry.getId().getIndex());
      accepted.add(taken);
      return taken;
    }

    List<Long> indexesAdded() {
      return indexes;
    }

    List<Boolean> accepted() {
      return accepted;
    }
  }
}
