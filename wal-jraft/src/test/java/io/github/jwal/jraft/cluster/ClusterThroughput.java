package io.github.jwal.jraft.cluster;

import com.alipay.sofa.jraft.core.DefaultJRaftServiceFactory;
import com.alipay.sofa.jraft.entity.Task;
import io.github.jwal.WalOptions;
import io.github.jwal.jraft.WalJRaftServiceFactory;
import io.github.jwal.jraft.bench.BenchLogs;
import io.github.jwal.jraft.testkit.HeapLogStorage;
import io.github.jwal.jraft.testkit.HeapServiceFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The three-node cluster's committed writes per second on one log storage: the end-to-end
 * measure (jwal ≥ 1.2× RocksDB, same machine, same client). One client thread keeps {@code window}
 * puts of 16 bytes in flight at the leader, without a rate limit; a put counts once jraft answers
 * OK, i.e. once a majority has it durably (each node on its own storage, synced) and the leader
 * applied it. Warm-up, then a timed stretch; no faults, so jraft's default pipelined replication
 * (see {@link RaftCluster}).
 *
 * <p>Usage: {@code ClusterThroughput <jwal|rocksdb|heap> [seconds=10] [window=256]
 * [warmupSeconds=3]}; the nodes' directories go under {@code -Djwal.jraft.bench.dir}. Prints one
 * line of {@code key=value}.
 */
public final class ClusterThroughput {
  private ClusterThroughput() {}

  /** One run's numbers. */
  public record Result(String storage, long committed, long failed, double seconds, int window) {
    double perSecond() {
      return committed / seconds;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "storage=%s window=%d seconds=%.2f committed=%d failed=%d committed_per_s=%.0f",
          storage,
          window,
          seconds,
          committed,
          failed,
          perSecond());
    }
  }

  public static void main(String[] args) throws InterruptedException {
    String storage = args[0];
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int window = args.length > 2 ? Integer.parseInt(args[2]) : 256;
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    System.out.println(
        run(storage, Duration.ofSeconds(seconds), window, Duration.ofSeconds(warmup)));
    System.exit(0); // bolt's server threads are not daemons and linger a few seconds
  }

  static LogBackend backend(String storage) {
    return switch (storage) {
      case "jwal" ->
          LogBackend.onDisk(
              "jwal", new WalJRaftServiceFactory(p -> WalOptions.at(p).withStorage("file")));
      case "rocksdb" -> LogBackend.onDisk("rocksdb", DefaultJRaftServiceFactory.newInstance());
      case "heap" ->
          new LogBackend("heap", new HeapServiceFactory(), HeapLogStorage::wipe, uri -> {});
      default ->
          throw new IllegalArgumentException("storage " + storage + ", not jwal, rocksdb or heap");
    };
  }

  /**
   * Runs a fresh cluster on {@code storage} for {@code warmup} then {@code measured}; deletes it
   * afterwards.
   */
  public static Result run(String storage, Duration measured, int window, Duration warmup)
      throws InterruptedException {
    Path home = BenchLogs.freshDir("cluster-" + storage);
    try (RaftCluster cluster =
        new RaftCluster("throughput", home, 3, backend(storage), new Random(42), true)) {
      cluster.startAll();
      Semaphore inFlight = new Semaphore(window);
      AtomicLong committed = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      long key = 1;
      long start = System.nanoTime();
      long measureFrom = start + warmup.toNanos();
      long end = measureFrom + measured.toNanos();
      long committedAtStart = -1;
      long failedAtStart = 0;
      ClusterNode leader = cluster.awaitLeader(Duration.ofSeconds(15));
      while (System.nanoTime() < end) {
        if (committedAtStart < 0 && System.nanoTime() >= measureFrom) {
          committedAtStart = committed.get();
          failedAtStart = failed.get();
        }
        if (!inFlight.tryAcquire(10, TimeUnit.MILLISECONDS)) {
          continue;
        }
        if (!leader.node().isLeader()) {
          inFlight.release();
          leader = cluster.awaitLeader(Duration.ofSeconds(15));
          continue;
        }
        long k = key++;
        leader
            .node()
            .apply(
                new Task(
                    KvStateMachine.put(k, k),
                    status -> {
                      (status.isOk() ? committed : failed).incrementAndGet();
                      inFlight.release();
                    }));
      }
      long measuredCommitted = committed.get() - Math.max(0, committedAtStart);
      long measuredFailed = failed.get() - failedAtStart;
      double seconds = measured.toNanos() / 1e9;
      inFlight.tryAcquire(window, 30, TimeUnit.SECONDS);
      return new Result(storage, measuredCommitted, measuredFailed, seconds, window);
    } finally {
      BenchLogs.delete(home);
    }
  }
}
