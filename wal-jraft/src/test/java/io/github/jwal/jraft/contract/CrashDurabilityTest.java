package io.github.jwal.jraft.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash durability through jraft's interface: a seeded run of what jraft's log manager does to its
 * storage (appends in batches at the end, configuration entries among them, {@code truncateSuffix}
 * then appends of a new term, {@code truncatePrefix} also past the end, {@code reset}), synced,
 * with a crash every few calls, half of them while a batch is being appended on another thread.
 * After each crash a new storage object opens the log, and it must hold exactly what the calls that
 * returned made: every appended entry that was not truncated since, none that was, the first and
 * last index, and the configuration entries handed to the manager; of a batch in flight, a prefix
 * (all of it if its append returned), and nothing else.
 *
 * <p>A subclass names the storage and how to crash it: lose what was not synced, possibly tearing
 * it ({@link #crash}). The workload keeps to what every storage shares (appends only at the end, or
 * after a truncation), so one exact model serves them all.
 */
public abstract class CrashDurabilityTest {
  private static final int SCALE = Integer.getInteger("jwal.tck.scale", 1);

  @TempDir Path dir;

  /** The factory whose log storage is under test. */
  protected abstract JRaftServiceFactory factory();

  /**
   * The machine loses power under the storage at {@code uri}: what it had not synced may be lost or
   * torn, as {@code seed} picks. The storage object is abandoned, not shut down, afterwards.
   */
  protected abstract void crash(String uri, long seed);

  /** What the calls that returned say the log holds. */
  private static final class Model {
    final TreeMap<Long, LogEntry> entries = new TreeMap<>();

    /** The first index, once a truncatePrefix or reset set it; 0 before. */
    long first;

    long firstIndex() {
      return first > 0 ? first : entries.isEmpty() ? 1 : entries.firstKey();
    }

    /** The next index to append: after the last entry, or the first index of an empty log. */
    long next() {
      return entries.isEmpty() ? firstIndex() : entries.lastKey() + 1;
    }
  }

  private LogStorage open(String uri, ConfigurationManager manager) {
    LogStorage storage = factory().createLogStorage(uri, new RaftOptions());
    LogStorageOptions options = new LogStorageOptions();
    options.setGroupId("crash");
    options.setConfigurationManager(manager);
    options.setLogEntryCodecFactory(factory().createLogEntryCodecFactory());
    assertTrue(storage.init(options), "init " + uri);
    return storage;
  }

  @Test
  void whatReturnedSurvivesEveryCrashAndTruncationsStayDone() {
    long seed = Seeds.seed(getClass().getSimpleName());
    Random random = new Random(seed);
    String uri = dir.resolve("log").toString();
    Model model = new Model();
    LogStorage storage = open(uri, new ConfigurationManager());
    long term = 1;
    int crashes = 0;
    int inFlightSurvivors = 0;
    try {
      for (int call = 0; call < 300 * SCALE; call++) {
        String context = "seed " + seed + " call " + call;
        int op = random.nextInt(100);
        if (op < 70) {
          appendBatch(storage, model, term, random, context);
        } else if (op < 80 && !model.entries.isEmpty()) {
          long kept =
              model.firstIndex()
                  + random.nextInt((int) (model.entries.lastKey() - model.firstIndex() + 1));
          assertTrue(storage.truncateSuffix(kept), context);
          model.entries.tailMap(kept, false).clear();
          term++;
        } else if (op < 90) {
          long first =
              model.firstIndex() + random.nextInt((int) (model.next() - model.firstIndex() + 10));
          assertTrue(storage.truncatePrefix(first), context);
          model.entries.headMap(first).clear();
          model.first = first;
        } else if (op < 95) {
          long at =
              Math.max(
                  1,
                  model.firstIndex()
                      + random.nextInt((int) (model.next() - model.firstIndex() + 10)));
          assertTrue(storage.reset(at), context);
          LogEntry kept = model.entries.get(at);
          if (kept == null) {
            kept = new LogEntry(EntryType.ENTRY_TYPE_NO_OP);
            kept.setId(new LogId(at, 0));
          }
          model.entries.clear();
          model.entries.put(at, kept);
          model.first = at;
        }
        if (random.nextInt(8) == 0) {
          // Half the crashes come while a batch is being appended on another thread.
          List<LogEntry> inFlight = random.nextBoolean() ? batch(model, term, random) : null;
          int[] appended = {-1};
          Thread appender = null;
          if (inFlight != null) {
            LogStorage writing = storage;
            appender =
                new Thread(() -> appended[0] = writing.appendEntries(inFlight), "crash-appender");
            appender.start();
            sleepMicros(random.nextInt(2_000));
          }
          crash(uri, random.nextLong());
          crashes++;
          if (appender != null) {
            joinOrFail(appender, context);
          }
          ConfigurationManager manager = new ConfigurationManager();
          storage = open(uri, manager);
          if (inFlight != null) {
            inFlightSurvivors += adoptWhatSurvived(storage, model, inFlight, appended[0], context);
          }
          assertHolds(storage, manager, model, context + " after crash " + crashes);
        }
      }
    } finally {
      storage.shutdown();
    }
    System.out.printf(
        "[crash] %s: %d crashes, %d entries of batches in flight survived, log [%d, %s]%n",
        getClass().getSimpleName(),
        crashes,
        inFlightSurvivors,
        model.firstIndex(),
        model.entries.isEmpty() ? "empty" : model.entries.lastKey());
  }

  /**
   * A batch that was being appended when the power went: if its append returned, all of it must be
   * there; if not, any prefix of it may be (a torn write is cut off at open), but nothing else. The
   * model takes what survived; returns how many entries that is.
   */
  private static int adoptWhatSurvived(
      LogStorage storage, Model model, List<LogEntry> batch, int appended, String context) {
    int survived = 0;
    for (LogEntry entry : batch) {
      LogEntry back = storage.getEntry(entry.getId().getIndex());
      if (back == null) {
        break;
      }
      assertEquals(
          entry, back, context + ": entry " + entry.getId().getIndex() + " of the batch in flight");
      survived++;
    }
    for (LogEntry entry : batch.subList(survived, batch.size())) {
      assertNull(
          storage.getEntry(entry.getId().getIndex()),
          context
              + ": the batch in flight survived with a hole before entry "
              + entry.getId().getIndex());
    }
    if (appended == batch.size()) {
      assertEquals(
          batch.size(),
          survived,
          context + ": the append in flight returned, so all of it must survive");
    }
    batch.subList(0, survived).forEach(e -> model.entries.put(e.getId().getIndex(), e));
    return survived;
  }

  private static void sleepMicros(long micros) {
    try {
      Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void joinOrFail(Thread thread, String context) {
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      throw new AssertionError(context + ": the append in flight did not end after the crash");
    }
  }

  private static void appendBatch(
      LogStorage storage, Model model, long term, Random random, String context) {
    List<LogEntry> batch = batch(model, term, random);
    assertEquals(batch.size(), storage.appendEntries(batch), context);
    batch.forEach(e -> model.entries.put(e.getId().getIndex(), e));
  }

  /**
   * The next batch the log manager could append: at the end, 1 to 40 entries, a configuration now
   * and then.
   */
  private static List<LogEntry> batch(Model model, long term, Random random) {
    long next = model.next();
    int size = 1 + random.nextInt(random.nextBoolean() ? 3 : 40);
    List<LogEntry> batch = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      long index = next + i;
      if (random.nextInt(25) == 0) {
        batch.add(
            LogEntries.configuration(
                index, term, "127.0.0.1:8081", "127.0.0.1:" + (8082 + random.nextInt(3))));
      } else {
        batch.add(
            LogEntries.random(
                index, term, random.nextInt(random.nextBoolean() ? 64 : 4096), random));
      }
    }
    return batch;
  }

  private static void assertHolds(
      LogStorage storage, ConfigurationManager manager, Model model, String context) {
    assertEquals(model.firstIndex(), storage.getFirstLogIndex(), context + ": first index");
    if (model.entries.isEmpty()) {
      assertTrue(
          storage.getLastLogIndex() < model.firstIndex(), context + ": the log should be empty");
    } else {
      assertEquals(
          (long) model.entries.lastKey(), storage.getLastLogIndex(), context + ": last index");
    }
    for (Map.Entry<Long, LogEntry> expected : model.entries.entrySet()) {
      LogEntry actual = storage.getEntry(expected.getKey());
      assertNotNull(actual, context + ": entry " + expected.getKey() + " was acknowledged");
      assertEquals(expected.getValue(), actual, context + ": entry " + expected.getKey());
    }
    long first = model.firstIndex();
    long end = model.next();
    for (long i = Math.max(0, first - 5); i < first; i++) {
      assertNull(storage.getEntry(i), context + ": entry " + i + " was truncated from the front");
    }
    for (long i = end; i < end + 5; i++) {
      assertNull(
          storage.getEntry(i),
          context + ": entry " + i + " was truncated from the back or never written");
    }
    List<Long> confs = new ArrayList<>();
    model.entries.values().stream()
        .filter(e -> e.getType() == EntryType.ENTRY_TYPE_CONFIGURATION)
        .forEach(e -> confs.add(e.getId().getIndex()));
    ConfigurationEntry last = manager.getLastConfiguration();
    if (confs.isEmpty()) {
      assertTrue(
          last.isEmpty(),
          context + ": no configuration entry is held, but the manager got " + last);
    } else {
      assertEquals(
          (long) confs.get(confs.size() - 1),
          last.getId().getIndex(),
          context + ": last configuration");
      for (long index : confs) {
        assertEquals(
            index, manager.get(index).getId().getIndex(), context + ": configuration " + index);
      }
    }
  }
}
