package io.github.jwal.jraft.bench;

import com.alipay.sofa.jraft.conf.ConfigurationManager;
import com.alipay.sofa.jraft.entity.EnumOutter.EntryType;
import com.alipay.sofa.jraft.entity.LogEntry;
import com.alipay.sofa.jraft.entity.LogId;
import com.alipay.sofa.jraft.entity.codec.v2.LogEntryV2CodecFactory;
import com.alipay.sofa.jraft.option.LogStorageOptions;
import com.alipay.sofa.jraft.option.RaftOptions;
import com.alipay.sofa.jraft.storage.LogStorage;
import com.alipay.sofa.jraft.storage.impl.RocksDBLogStorage;
import io.github.jwal.WalOptions;
import io.github.jwal.jraft.WalJRaftServiceFactory;
import io.github.jwal.jraft.testkit.HeapLogStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The logs the jraft benchmarks run on: each storage by its JMH name, opened as a jraft node opens
 * it (jraft's V2 codec, a fresh configuration manager), in a directory under {@code
 * -Djwal.jraft.bench.dir} (default {@code java.io.tmpdir}/jwal-jraft-bench) so every side writes to
 * the same disk.
 *
 * <ul>
 *   <li>{@code jwal}: {@link WalJRaftServiceFactory}'s storage, the one under test;
 *   <li>{@code rocksdb}: jraft's own {@link RocksDBLogStorage}, what jraft users run today;
 *   <li>{@code heap}: the tests' {@link HeapLogStorage}, no disk at all: a ceiling, not a
 *       contender.
 * </ul>
 *
 * <p>Payloads are prefixes of one 64 KiB block of SplitMix64 bytes (seed 42), so all sides write
 * the same.
 */
public final class BenchLogs {
  public static final List<String> STORAGES = List.of("jwal", "rocksdb", "heap");
  private static final byte[] RANDOM = randomBytes(64 * 1024, 42);
  private static final int FILL_BATCH = 1_000;

  private BenchLogs() {}

  /** The root of every benchmark log. */
  public static Path root() {
    return Path.of(
        System.getProperty(
            "jwal.jraft.bench.dir",
            Path.of(System.getProperty("java.io.tmpdir"), "jwal-jraft-bench").toString()));
  }

  /** A storage of kind {@code storage} on {@code dir}, not yet opened. */
  public static LogStorage create(String storage, Path dir, boolean sync) {
    RaftOptions raftOptions = new RaftOptions();
    raftOptions.setSync(sync);
    String uri = dir.toString();
    return switch (storage) {
      // The file backend, with jwal's defaults (64 MB preallocated segments), as a user gets it.
      case "jwal" ->
          new WalJRaftServiceFactory(p -> WalOptions.at(p).withStorage("file"))
              .createLogStorage(uri, raftOptions);
      case "rocksdb" -> new RocksDBLogStorage(uri, raftOptions);
      case "heap" -> new HeapLogStorage(uri);
      default ->
          throw new IllegalArgumentException("storage " + storage + ", not one of " + STORAGES);
    };
  }

  /** What jraft's log manager passes to {@code init}. */
  public static LogStorageOptions options() {
    LogStorageOptions options = new LogStorageOptions();
    options.setGroupId("bench");
    options.setConfigurationManager(new ConfigurationManager());
    options.setLogEntryCodecFactory(LogEntryV2CodecFactory.getInstance());
    return options;
  }

  /** A storage of kind {@code storage} on {@code dir}, opened. */
  public static LogStorage open(String storage, Path dir, boolean sync) {
    LogStorage log = create(storage, dir, sync);
    if (!log.init(options())) {
      throw new IllegalStateException(storage + " did not open " + dir);
    }
    return log;
  }

  /** An empty directory {@code name} under the root, whatever was there before deleted. */
  public static Path freshDir(String name) {
    Path dir = root().resolve(name);
    delete(dir);
    try {
      Files.createDirectories(dir.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /**
   * The directory of a log of kind {@code storage} holding entries 1..{@link #entriesIn} of {@code
   * entryBytes} each, {@code logMiB} MiB of payload in all, term 1: written (unsynced, in batches
   * of 1 000, then closed) the first time, and kept for the next benchmark that asks for the same
   * log. The heap storage's log is written again in each JVM.
   */
  public static Path filled(String storage, int logMiB, int entryBytes) {
    Path dir = root().resolve("filled-" + storage + "-" + logMiB + "MiB-" + entryBytes + "B");
    Path complete = root().resolve(dir.getFileName() + ".complete");
    if (Files.exists(complete) && !storage.equals("heap")) {
      return dir;
    }
    Path fresh = freshDir(dir.getFileName().toString());
    LogStorage log = open(storage, fresh, false);
    try {
      long count = entriesIn(logMiB, entryBytes);
      for (long first = 1; first <= count; first += FILL_BATCH) {
        List<LogEntry> batch =
            entries(first, (int) Math.min(FILL_BATCH, count - first + 1), entryBytes);
        if (log.appendEntries(batch) != batch.size()) {
          throw new IllegalStateException(storage + " refused entries from " + first);
        }
      }
    } finally {
      log.shutdown();
    }
    try {
      Files.writeString(complete, "", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return fresh;
  }

  /** How many entries of {@code entryBytes} make {@code logMiB} MiB of payload. */
  public static long entriesIn(int logMiB, int entryBytes) {
    return (long) logMiB * 1024 * 1024 / entryBytes;
  }

  /**
   * {@code count} data entries of term 1 from index {@code first}, each with {@code entryBytes} of
   * payload.
   */
  public static List<LogEntry> entries(long first, int count, int entryBytes) {
    List<LogEntry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      LogEntry entry = new LogEntry(EntryType.ENTRY_TYPE_DATA);
      entry.setId(new LogId(first + i, 1));
      entry.setData(payload((first + i) * 31, entryBytes));
      entries.add(entry);
    }
    return entries;
  }

  /** {@code size} bytes of the random block from offset {@code seed}, wrapping; read-only. */
  static ByteBuffer payload(long seed, int size) {
    if (size > RANDOM.length) {
      throw new IllegalArgumentException("entries up to " + RANDOM.length + " bytes");
    }
    int offset = (int) Math.floorMod(seed, (long) (RANDOM.length - size + 1));
    return ByteBuffer.wrap(RANDOM, offset, size).slice().asReadOnlyBuffer();
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < size; i += 8) {
      long word = random.nextLong();
      for (int j = 0; j < 8 && i + j < size; j++) {
        bytes[i + j] = (byte) (word >>> (8 * j));
      }
    }
    return bytes;
  }

  /** Deletes {@code path} and everything under it, if it is there. */
  public static void delete(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
