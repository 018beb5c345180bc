package io.github.jwal.bench;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
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

/**
 * Synced saves on the file backend, shaped like etcd-harness {@code bench}: a fresh log with etcd's
 * 64 MB segments, every save carrying {@code batch} entries of {@code entryBytes} and a hard state,
 * so that each save ends with a sync. Sample mode gives the latency percentiles; the throughput is
 * one over the mean.
 *
 * <pre>java -jar wal-bench/target/benchmarks.jar SaveBenchmark -f 1 -wi 1 -i 3 -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class SaveBenchmark {
  @Param({"100", "1024", "16384"})
  int entryBytes;

  @Param({"1", "10", "100"})
  int batch;

  private Path dir;
  private Wal wal;
  private List<Entry> entries;
  private HardState[] states;
  private int next;

  @Setup(Level.Iteration)
  public void createLog() throws IOException {
    dir = BenchLogs.newDirectory("jwal-save-");
    wal = Wal.create(WalOptions.at(dir.resolve("wal")).withStorage("file"), null);
    // The same entries every save: the log does not check indexes on the way in, and the caller's
    // allocation of fresh entries would otherwise be measured along with the save.
    entries = BenchLogs.entries(1, batch, entryBytes, 42);
    states = new HardState[] {new HardState(1, 1, 0), new HardState(1, 1, 1)};
  }

  @TearDown(Level.Iteration)
  public void deleteLog() throws IOException {
    wal.close();
    BenchLogs.deleteTree(dir);
  }

  @Benchmark
  public void save() throws IOException {
    wal.save(states[next++ & 1], entries);
  }
}
