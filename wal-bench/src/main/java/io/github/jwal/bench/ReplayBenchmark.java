package io.github.jwal.bench;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.ReplayHandler;
import io.github.jwal.Snapshot;
import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Restart: reading a 256 MiB log of {@code entryBytes} entries (64 MB segments, page cache warm),
 * with {@code readAll} (every entry kept) and with the streaming {@code replay} (memory bounded).
 * Entries per second = {@link #entriesPerLog} divided by the time per operation; run this class's
 * {@code main} with an entry size to print that count.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
public class ReplayBenchmark {
  static final long LOG_BYTES = 256L << 20;
  private static final int ENTRIES_PER_SAVE = 1000;

  @Param({"100", "1024"})
  int entryBytes;

  private Path dir;
  private WalOptions options;
  private long entries;

  @Setup(Level.Trial)
  public void writeLog() throws IOException {
    dir = BenchLogs.newDirectory("jwal-replay-");
    options = WalOptions.at(dir.resolve("wal")).withStorage("file").withUnsafeNoSync();
    entries = entriesPerLog(entryBytes);
    try (Wal wal = Wal.create(options, null)) {
      for (long index = 1; index <= entries; index += ENTRIES_PER_SAVE) {
        List<Entry> batch = BenchLogs.entries(index, ENTRIES_PER_SAVE, entryBytes, index);
        wal.save(new HardState(1, 1, index - 1), batch);
      }
    }
  }

  /** How many entries of that size make the 256 MiB log: whole saves of 1000. */
  static long entriesPerLog(int entryBytes) {
    long frame = BenchLogs.savedBytes(BenchLogs.entries(1, 1, entryBytes, 1), HardState.EMPTY);
    return LOG_BYTES / frame / ENTRIES_PER_SAVE * ENTRIES_PER_SAVE;
  }

  /** Prints {@link #entriesPerLog} for the entry size given, for the comparison script. */
  public static void main(String[] args) {
    System.out.println(entriesPerLog(Integer.parseInt(args[0])));
  }

  @TearDown(Level.Trial)
  public void deleteLog() throws IOException {
    BenchLogs.deleteTree(dir);
  }

  @Benchmark
  public int readAll() throws IOException {
    try (Wal wal = Wal.openForRead(options, Snapshot.ZERO)) {
      return check(wal.readAll().entries().size());
    }
  }

  @Benchmark
  public void replay(Blackhole sink) throws IOException {
    long[] count = {0};
    try (Wal wal = Wal.openForRead(options, Snapshot.ZERO)) {
      wal.replay(
          new ReplayHandler() {
            @Override
            public void append(Entry entry) {
              count[0]++;
              sink.consume(entry);
            }

            @Override
            public void truncateAfter(long index) {
              count[0] = index;
            }

            @Override
            public void compactTo(long index) {
              throw new IllegalStateException("replay at a snapshot never compacts");
            }
          });
    }
    check(count[0]);
  }

  private int check(long read) {
    if (read != entries) {
      throw new IllegalStateException("read " + read + " entries of " + entries);
    }
    return (int) read;
  }
}
