package io.github.jwal.file;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures what each {@link Preallocation} costs the appends that follow it: appends of 128 bytes
 * and of 4 KiB, each followed by {@code force(false)}, the engine's worst case. Run by hand, not by
 * the build (see docs/PERFORMANCE.md for the command and the numbers). The disk is noisy, so the
 * cases run interleaved, a burst of appends each in turn, on fresh files every round, and only
 * ratios within one run count.
 *
 * <p>Besides the three strategies, {@code fallocate} preallocates with util-linux's fallocate(1),
 * if installed: what etcd does, and what a JDK 22 FFM overlay could do.
 *
 * <p>Arguments: directory [seconds per case and round = 1] [rounds = 6] [segment MiB = 64].
 */
public final class PreallocationBenchmark {
  private static final int[] APPEND_SIZES = {128, 4096};
  private static final int BURST = 16;

  private PreallocationBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 1;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
    long segmentBytes = (args.length > 3 ? Long.parseLong(args[3]) : 64) << 20;
    Files.createDirectories(dir);

    List<String> cases = new ArrayList<>(List.of("none", "sparse", "zero"));
    if (hasFallocate(dir)) {
      cases.add("fallocate");
    }
    Map<String, Result> results = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      for (int appendSize : APPEND_SIZES) {
        runRound(dir, cases, appendSize, segmentBytes, seconds, results);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%-16s %9s %8s %8s %8s %8s %12s  %s%n",
        "case",
        "syncs/s",
        "vs none",
        "p50 ms",
        "p99 ms",
        "max ms",
        "prealloc ms",
        "per-round syncs/s");
    results.forEach(
        (name, result) ->
            System.out.println(
                result.format(name, results.get("none " + name.substring(name.indexOf(' ') + 1)))));
  }

  /**
   * One fresh, preallocated file per case, then {@code BURST} appends to each in turn until every
   * case has had {@code seconds}: the cases share the disk's good and bad moments, which vary far
   * more from second to second than the cases differ.
   */
  private static void runRound(
      Path dir,
      List<String> cases,
      int appendSize,
      long segmentBytes,
      double seconds,
      Map<String, Result> results)
      throws Exception {
    List<Path> files = new ArrayList<>();
    List<FileChannel> channels = new ArrayList<>();
    List<Result> caseResults = new ArrayList<>();
    try {
      for (String strategy : cases) {
        Path file = dir.resolve("bench-" + strategy + ".wal");
        Files.deleteIfExists(file);
        files.add(file);
        FileChannel channel = FileChannel.open(file, READ, WRITE, CREATE_NEW);
        channels.add(channel);
        Result result = results.computeIfAbsent(strategy + " " + appendSize, k -> new Result());
        caseResults.add(result);
        long start = System.nanoTime();
        if (strategy.equals("fallocate")) {
          fallocate(file, segmentBytes);
        } else {
          new Preallocator(Preallocation.parse(strategy))
              .preallocate(channel, file, segmentBytes, () -> false);
        }
        result.preallocationNanos.add(System.nanoTime() - start);
      }
      ByteBuffer record = ByteBuffer.allocateDirect(appendSize);
      while (record.hasRemaining()) {
        record.put((byte) 0x5a);
      }
      int n = cases.size();
      long maxSyncs = segmentBytes / appendSize;
      long[] positions = new long[n];
      long[] nanos = new long[n];
      List<List<Long>> latencies = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        latencies.add(new ArrayList<>());
      }
      long budget = (long) (seconds * 1e9);
      for (int turn = 0; ; turn++) {
        int c = turn % n;
        if (nanos[c] >= budget || latencies.get(c).size() + BURST > maxSyncs) {
          if (Arrays.stream(nanos).allMatch(t -> t >= budget)) {
            break;
          }
          continue;
        }
        FileChannel channel = channels.get(c);
        long now = System.nanoTime();
        for (int k = 0; k < BURST; k++) {
          record.clear();
          while (record.hasRemaining()) {
            positions[c] += channel.write(record, positions[c]);
          }
          channel.force(false);
          long after = System.nanoTime();
          latencies.get(c).add(after - now);
          nanos[c] += after - now;
          now = after;
        }
      }
      for (int i = 0; i < n; i++) {
        caseResults
            .get(i)
            .add(latencies.get(i).stream().mapToLong(Long::longValue).toArray(), nanos[i] / 1e9);
      }
    } finally {
      for (FileChannel channel : channels) {
        channel.close();
      }
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static boolean hasFallocate(Path dir) {
    Path probe = dir.resolve("bench-probe");
    try {
      fallocate(probe, 4096);
      return true;
    } catch (Exception e) {
      return false;
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException e) {
        // Only a probe.
      }
    }
  }

  private static void fallocate(Path file, long bytes) throws Exception {
    Process p =
        new ProcessBuilder("fallocate", "-l", Long.toString(bytes), file.toString())
            .inheritIO()
            .start();
    if (p.waitFor() != 0) {
      throw new IOException("fallocate failed on " + file);
    }
  }

  private static final class Result {
    final List<long[]> latencies = new ArrayList<>();
    final List<Double> roundRates = new ArrayList<>();
    final List<Long> preallocationNanos = new ArrayList<>();
    long syncs;
    double seconds;

    void add(long[] roundLatencies, double roundSeconds) {
      latencies.add(roundLatencies);
      syncs += roundLatencies.length;
      seconds += roundSeconds;
      roundRates.add(roundLatencies.length / roundSeconds);
    }

    /**
     * The median over rounds of this case's rate divided by the baseline's in the same round: the
     * disk's speed drifts between rounds far more than between neighbouring cases.
     */
    double medianRatio(Result baseline) {
      double[] ratios = new double[roundRates.size()];
      for (int i = 0; i < ratios.length; i++) {
        ratios[i] = roundRates.get(i) / baseline.roundRates.get(i);
      }
      Arrays.sort(ratios);
      return ratios[ratios.length / 2];
    }

    String format(String name, Result baseline) {
      long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
      long[] prealloc = preallocationNanos.stream().mapToLong(Long::longValue).sorted().toArray();
      StringBuilder rates = new StringBuilder();
      for (double rate : roundRates) {
        rates.append(String.format(Locale.ROOT, "%.0f ", rate));
      }
      return String.format(
          Locale.ROOT,
          "%-16s %9.0f %8.2f %8.3f %8.3f %8.3f %12.1f  %s",
          name,
          syncs / seconds,
          medianRatio(baseline),
          percentile(all, 0.50) / 1e6,
          percentile(all, 0.99) / 1e6,
          all[all.length - 1] / 1e6,
          percentile(prealloc, 0.50) / 1e6,
          rates.toString().trim());
    }

    private static long percentile(long[] sorted, double p) {
      return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }
  }
}
