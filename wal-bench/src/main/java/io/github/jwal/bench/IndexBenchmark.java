package io.github.jwal.bench;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reads by index on a 1 GiB log of 1 KiB entries (64 MB segments, page cache warm): one random
 * {@code entry(i)} per operation; a range of {@link #RANGE} entries per operation (bytes per second
 * = {@code RANGE × 1 KiB} times operations per second); and opening the log, which builds the index
 * ({@code open}), beside {@code readAll} on the same log. {@link #main} measures the index's memory
 * on a log of ten million entries instead.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
public class IndexBenchmark {
  static final long LOG_BYTES = 1L << 30;
  static final int ENTRY_BYTES = 1024;
  static final int RANGE = 1000;
  private static final int ENTRIES_PER_SAVE = 1000;

  private Path dir;
  private WalOptions options;
  private Wal wal;
  private long entries;
  private final SplittableRandom random = new SplittableRandom(12);

  @Setup(Level.Trial)
  public void writeLog() throws IOException {
    dir = BenchLogs.newDirectory("jwal-index-");
    options = WalOptions.at(dir.resolve("wal")).withStorage("file").withUnsafeNoSync();
    long frame = BenchLogs.savedBytes(BenchLogs.entries(1, 1, ENTRY_BYTES, 1), HardState.EMPTY);
    entries = LOG_BYTES / frame / ENTRIES_PER_SAVE * ENTRIES_PER_SAVE;
    write(options, entries, ENTRY_BYTES);
    wal = Wal.openForRead(options);
  }

  private static void write(WalOptions options, long entries, int size) throws IOException {
    try (Wal log = Wal.create(options, null)) {
      for (long index = 1; index <= entries; index += ENTRIES_PER_SAVE) {
        List<Entry> batch = BenchLogs.entries(index, ENTRIES_PER_SAVE, size, index);
        log.save(new HardState(1, 1, index - 1), batch);
      }
    }
  }

  @TearDown(Level.Trial)
  public void deleteLog() throws IOException {
    wal.close();
    BenchLogs.deleteTree(dir);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Entry randomEntry() throws IOException {
    return wal.entry(1 + random.nextLong(entries));
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public List<Entry> range() throws IOException {
    long from = 1 + random.nextLong(entries - RANGE);
    return wal.entries(from, from + RANGE, Long.MAX_VALUE);
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long open() throws IOException {
    try (Wal opened = Wal.openForRead(options)) {
      return check(opened.lastIndex());
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long readAll() throws IOException {
    try (Wal opened = Wal.openForRead(options, Snapshot.ZERO)) {
      return check(opened.readAll().entries().size());
    }
  }

  private long check(long read) {
    if (read != entries) {
      throw new IllegalStateException("read " + read + " entries of " + entries);
    }
    return read;
  }

  /**
   * The index's memory: the heap a log of ten million 16-byte entries takes once opened by index,
   * less the heap before, over the entries. Prints bytes per entry.
   */
  public static void main(String[] args) throws IOException {
    long count = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    Path dir = BenchLogs.newDirectory("jwal-index-memory-");
    try {
      WalOptions options = WalOptions.at(dir.resolve("wal")).withStorage("file").withUnsafeNoSync();
      write(options, count, 16);
      long before = usedHeapAfterGc();
      try (Wal opened = Wal.openForRead(options)) {
        long after = usedHeapAfterGc();
        System.out.printf(
            "%d entries, %d segments: index %.2f bytes per entry%n",
            opened.lastIndex(),
            dir.resolve("wal").toFile().list().length,
            (after - before) / (double) count);
      }
    } finally {
      BenchLogs.deleteTree(dir);
    }
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
