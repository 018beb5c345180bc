package io.github.jwal.bench;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * Group commit: 1, 4 and 16 writers, each saving single 100-byte entries and waiting until each is
 * durable. {@code writers…}: writers take the next index and enqueue with {@code saveAsync} under
 * one small lock, so the log stays in index order, then wait outside it. {@code appenders…}:
 * writers call {@code append}, which assigns the index itself, with no lock in the caller.
 * Concurrent waiters share syncs. Throughput is acknowledged entries per second over all writers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
public class GroupCommitBenchmark {
  private static final byte[] PAYLOAD = new byte[100];

  private final Object order = new Object();
  private Path dir;
  private Wal wal;
  private long next;

  @Setup(Level.Iteration)
  public void createLog() throws IOException {
    dir = BenchLogs.newDirectory("jwal-group-");
    wal = Wal.create(WalOptions.at(dir.resolve("wal")).withStorage("file"), null);
    next = 1;
  }

  @TearDown(Level.Iteration)
  public void deleteLog() throws IOException {
    wal.close();
    BenchLogs.deleteTree(dir);
  }

  @Benchmark
  @Threads(1)
  public void writers1() {
    saveOne();
  }

  @Benchmark
  @Threads(4)
  public void writers4() {
    saveOne();
  }

  @Benchmark
  @Threads(16)
  public void writers16() {
    saveOne();
  }

  @Benchmark
  @Threads(1)
  public long appenders1() throws IOException {
    return appendOne();
  }

  @Benchmark
  @Threads(4)
  public long appenders4() throws IOException {
    return appendOne();
  }

  @Benchmark
  @Threads(16)
  public long appenders16() throws IOException {
    return appendOne();
  }

  /** A log-assigned append: no ordering lock in the caller; the log gives the index. */
  private long appendOne() throws IOException {
    return wal.append(1, List.of(PAYLOAD));
  }

  private void saveOne() {
    CompletableFuture<Void> ack;
    synchronized (order) {
      long index = next++;
      ack = wal.saveAsync(new HardState(1, 1, index - 1), List.of(Entry.of(1, index, PAYLOAD)));
    }
    ack.join();
  }
}
