package io.github.jwal.bench;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The save that cuts a segment against the others. Each iteration makes a fresh log of {@code
 * segmentBytes} segments and saves batches of {@code batch} entries of {@code entryBytes} (a
 * number, or {@code LO-HI} drawn uniformly per save and per entry), each with a hard state whose
 * commit is the last index. A save is a cutting one if it added a segment; the two kinds are timed
 * apart, and each iteration prints their median and p99.
 *
 * <p>The defaults, 10 × 16 KiB into 4 MiB segments, cut about one save in 25. The comparison with
 * etcd ({@code scripts/cut-compare.sh}) runs {@code -p segmentBytes=65536 -p entryBytes=10-65536 -p
 * batch=1-50}, which cuts at nearly every save, against {@code scripts/etcd-cutbench}, which makes
 * the same saves with the same bytes (the same SplitMix64 sequence) through etcd 3.4's {@code
 * wal.Save}. With {@code -Djwal.bench.cut.json=FILE}, each measured iteration appends its samples
 * to FILE as one JSON line in etcd-cutbench's format.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class CutBenchmark {
  /** The metadata etcd's server writes (node 1, cluster 2), as etcd-cutbench does. */
  private static final byte[] METADATA = {0x08, 0x01, 0x10, 0x02};

  private static final long SEED = 42;

  @Param("4194304")
  long segmentBytes;

  @Param("16384")
  String entryBytes;

  @Param("10")
  String batch;

  private Path dir;
  private Wal wal;
  private SplitMix64 random;
  private byte[] data;
  private int[] entrySpan;
  private int[] batchSpan;
  private long index;
  private long payloadBytes;
  private long startNanos;
  private long startCpuNanos;
  private long[] cutNanos;
  private long[] otherNanos;
  private int cuts;
  private int others;

  /** Every save's time in order, and which of them cut, for the JSON line. */
  private long[] saveNanos;

  private int[] cutSaves;

  @Setup(Level.Iteration)
  public void createLog() throws IOException {
    entrySpan = span(entryBytes);
    batchSpan = span(batch);
    random = new SplitMix64(SEED);
    data = new byte[entrySpan[1]];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) random.next();
    }
    dir = BenchLogs.newDirectory("jwal-cut-");
    wal =
        Wal.create(
            WalOptions.at(dir.resolve("wal")).withStorage("file").withSegmentBytes(segmentBytes),
            METADATA);
    index = 0;
    payloadBytes = 0;
    cutNanos = new long[1 << 16];
    otherNanos = new long[1 << 20];
    cuts = 0;
    others = 0;
    saveNanos = new long[1 << 20];
    cutSaves = new int[1 << 16];
    System.gc();
    startCpuNanos = processCpuNanos();
    startNanos = System.nanoTime();
  }

  @TearDown(Level.Iteration)
  public void report(IterationParams iteration) throws IOException {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double cpuSeconds = (processCpuNanos() - startCpuNanos) / 1e9;
    wal.close();
    BenchLogs.deleteTree(dir);
    System.out.printf(
        "%ncut saves: %d, p50 %.0f µs, p99 %.0f µs; other saves: %d, p50 %.0f µs, p99 %.0f µs%n",
        cuts,
        micros(cutNanos, cuts, 0.50),
        micros(cutNanos, cuts, 0.99),
        others,
        micros(otherNanos, others, 0.50),
        micros(otherNanos, others, 0.99));
    String out = System.getProperty("jwal.bench.cut.json");
    if (out != null && iteration.getType() == IterationType.MEASUREMENT) {
      String line =
          String.format(
              Locale.ROOT,
              "{\"impl\":\"jwal\",\"segmentBytes\":%d,\"entryBytes\":\"%s\",\"batch\":\"%s\","
                  + "\"seconds\":%.6f,\"saves\":%d,\"cuts\":%d,\"payloadBytes\":%d,\"cpuSeconds\":%.3f,"
                  + "\"saveUs\":%s,\"cutSaves\":%s}%n",
              segmentBytes,
              entryBytes,
              batch,
              seconds,
              cuts + others,
              cuts,
              payloadBytes,
              cpuSeconds,
              micros(saveNanos, cuts + others),
              positions(cutSaves, cuts));
      Files.writeString(
          Path.of(out),
          line,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
  }

  @Benchmark
  public void save() throws IOException {
    List<Entry> entries = nextSave();
    HardState state = new HardState(1, 1, index);
    int segments = wal.lockedSegments().size();
    long start = System.nanoTime();
    wal.save(state, entries);
    long took = System.nanoTime() - start;
    int n = cuts + others;
    if (n < saveNanos.length) {
      saveNanos[n] = took;
    }
    if (wal.lockedSegments().size() != segments) {
      if (cuts < cutSaves.length) {
        cutSaves[cuts] = n;
      }
      cutNanos[cuts++ & (cutNanos.length - 1)] = took;
    } else {
      otherNanos[others++ & (otherNanos.length - 1)] = took;
    }
  }

  /** The next save's entries, drawn as etcd-cutbench draws them. */
  private List<Entry> nextSave() {
    int count = random.between(batchSpan[0], batchSpan[1]);
    List<Entry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int size = random.between(entrySpan[0], entrySpan[1]);
      entries.add(Entry.of(1, ++index, Arrays.copyOf(data, size)));
      payloadBytes += size;
    }
    return entries;
  }

  /** The CPU time of the whole JVM: this thread, the pipeline's, the GC's and the JIT's. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** {@code N} or {@code LO-HI}. */
  private static int[] span(String value) {
    String[] parts = value.split("-", 2);
    int lo = Integer.parseInt(parts[0].trim());
    int hi = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : lo;
    if (lo < 0 || hi < lo) {
      throw new IllegalArgumentException("want N or LO-HI, not " + value);
    }
    return new int[] {lo, hi};
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

  /** The first {@code count} samples in µs, as a JSON array. */
  private static String micros(long[] nanos, int count) {
    int n = Math.min(count, nanos.length);
    StringBuilder b = new StringBuilder(n * 10).append('[');
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", nanos[i] / 1000.0));
    }
    return b.append(']').toString();
  }

  private static String positions(int[] values, int count) {
    int n = Math.min(count, values.length);
    StringBuilder b = new StringBuilder(n * 6).append('[');
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append(values[i]);
    }
    return b.append(']').toString();
  }

  /** SplitMix64, as etcd-cutbench has it, so that both make the same saves with the same bytes. */
  private static final class SplitMix64 {
    private long state;

    SplitMix64(long seed) {
      state = seed;
    }

    long next() {
      state += 0x9E3779B97F4A7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }

    /** A number in [lo, hi]. */
    int between(int lo, int hi) {
      return lo + (int) Long.remainderUnsigned(next(), hi - lo + 1);
    }
  }
}
