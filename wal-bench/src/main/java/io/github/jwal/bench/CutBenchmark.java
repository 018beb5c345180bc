package io.github.jwal.bench;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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
 * The save that cuts a segment against the others: 10 entries of 16 KiB per save into 4 MiB segments,
 * so about one save in 25 seals the tail, takes the pipeline's ready segment, writes its head and
 * publishes it (rename and directory sync). JMH samples every save; at the end of each iteration the
 * benchmark also prints the median and p99 of cutting and of ordinary saves, told apart by whether
 * the save added a segment.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class CutBenchmark {
  private static final long SEGMENT_BYTES = 4L << 20;

  private Path dir;
  private Wal wal;
  private List<Entry> entries;
  private long[] cutNanos;
  private long[] otherNanos;
  private int cuts;
  private int others;
  private int next;

  @Setup(Level.Iteration)
  public void createLog() throws IOException {
    dir = BenchLogs.newDirectory("jwal-cut-");
    wal = Wal.create(WalOptions.at(dir.resolve("wal")).withStorage("file")
        .withSegmentBytes(SEGMENT_BYTES), null);
    entries = BenchLogs.entries(1, 10, 16 * 1024, 42);
    cutNanos = new long[1 << 16];
    otherNanos = new long[1 << 20];
    cuts = 0;
    others = 0;
  }

  @TearDown(Level.Iteration)
  public void report() throws IOException {
    wal.close();
    BenchLogs.deleteTree(dir);
    System.out.printf("%ncut saves: %d, p50 %.0f µs, p99 %.0f µs; other saves: %d, p50 %.0f µs, p99 %.0f µs%n",
        cuts, micros(cutNanos, cuts, 0.50), micros(cutNanos, cuts, 0.99),
        others, micros(otherNanos, others, 0.50), micros(otherNanos, others, 0.99));
  }

  @Benchmark
  public void save() throws IOException {
    int segments = wal.lockedSegments().size();
    long start = System.nanoTime();
    wal.save(new HardState(1, 1, next++ & 1), entries);
    long took = System.nanoTime() - start;
    if (wal.lockedSegments().size() != segments) {
      cutNanos[cuts++ & (cutNanos.length - 1)] = took;
    } else {
      otherNanos[others++ & (otherNanos.length - 1)] = took;
    }
  }

  private static double micros(long[] samples, int count, double quantile) {
    int n = Math.min(count, samples.length);
    if (n == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(samples, n);
    Arrays.sort(sorted);
    return sorted[(int) Math.min(n - 1, Math.floor(quantile * n))] / 1000.0;
  }
}
