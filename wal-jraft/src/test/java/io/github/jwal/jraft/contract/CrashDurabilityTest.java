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
 * storage (appends in batches at the end, configuration entries among them, {@code truncateSuffix} then
 * appends of a new term, {@code truncatePrefix} also past the end, {@code reset}), synced, with a crash
 * every few calls. After each crash a new storage object opens the log, and it must hold exactly what
 * the calls that returned made: every appended entry that was not truncated since, none that was,
 * the first and last index, and the configuration entries handed to the manager.
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
   * The machine loses power under the storage at {@code uri}: what it had not synced may be lost or torn,
   * as {@code seed} picks. The storage object is abandoned, not shut down, afterwards.
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
    try {
      for (int call = 0; call < 300 * SCALE; call++) {
        String context = "seed " + seed + " call " + call;
        int op = random.nextInt(100);
        if (op < 70) {
          appendBatch(storage, model, term, random, context);
        } else if (op < 80 && !model.entries.isEmpty()) {
          long kept = model.firstIndex() + random.nextInt((int) (model.entries.lastKey() - model.firstIndex() + 1));
          assertTrue(storage.truncateSuffix(kept), context);
          model.entries.tailMap(kept, false).clear();
          term++;
        } else if (op < 90) {
          long first = model.firstIndex() + random.nextInt((int) (model.next() - model.firstIndex() + 10));
          assertTrue(storage.truncatePrefix(first), context);
          model.entries.headMap(first).clear();
          model.first = first;
        } else if (op < 95) {
          long at = Math.max(1, model.firstIndex() + random.nextInt((int) (model.next() - model.firstIndex() + 10)));
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
          crash(uri, random.nextLong());
          crashes++;
          ConfigurationManager manager = new ConfigurationManager();
          storage = open(uri, manager);
          assertHolds(storage, manager, model, context + " after crash " + crashes);
        }
      }
    } finally {
      storage.shutdown();
    }
    System.out.printf("[crash] %s: %d crashes, log [%d, %s]%n", getClass().getSimpleName(), crashes,
        model.firstIndex(), model.entries.isEmpty() ? "empty" : model.entries.lastKey());
  }

  private static void appendBatch(LogStorage storage, Model model, long term, Random random, String context) {
    long next = model.next();
    int size = 1 + random.nextInt(random.nextBoolean() ? 3 : 40);
    List<LogEntry> batch = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      long index = next + i;
      if (random.nextInt(25) == 0) {
        batch.add(LogEntries.configuration(index, term, "127.0.0.1:8081", "127.0.0.1:" + (8082 + random.nextInt(3))));
      } else {
        batch.add(LogEntries.random(index, term, random.nextInt(random.nextBoolean() ? 64 : 4096), random));
      }
    }
    assertEquals(size, storage.appendEntries(batch), context);
    batch.forEach(e -> model.entries.put(e.getId().getIndex(), e));
  }

  private static void assertHolds(LogStorage storage, ConfigurationManager manager, Model model, String context) {
    assertEquals(model.firstIndex(), storage.getFirstLogIndex(), context + ": first index");
    if (model.entries.isEmpty()) {
      assertTrue(storage.getLastLogIndex() < model.firstIndex(), context + ": the log should be empty");
    } else {
      assertEquals((long) model.entries.lastKey(), storage.getLastLogIndex(), context + ": last index");
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
      assertNull(storage.getEntry(i), context + ": entry " + i + " was truncated from the back or never written");
    }
    List<Long> confs = new ArrayList<>();
    model.entries.values().stream().filter(e -> e.getType() == EntryType.ENTRY_TYPE_CONFIGURATION)
        .forEach(e -> confs.add(e.getId().getIndex()));
    ConfigurationEntry last = manager.getLastConfiguration();
    if (confs.isEmpty()) {
      assertTrue(last.isEmpty(), context + ": no configuration entry is held, but the manager got " + last);
    } else {
      assertEquals((long) confs.get(confs.size() - 1), last.getId().getIndex(), context + ": last configuration");
      for (long index : confs) {
        assertEquals(index, manager.get(index).getId().getIndex(), context + ": configuration " + index);
      }
    }
  }
}
