package io.github.jwal.bench;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import io.github.jwal.memory.InMemoryStorageProvider;
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
 * The engine's own cost per save, on the in-memory backend: encoding, CRC and bookkeeping, with no
 * disk. Run with {@code -prof gc} to see the allocation per save ({@code gc.alloc.rate.norm}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class InMemorySaveBenchmark {
  private static final long SEGMENT_BYTES = 64L << 20;

  @Param({"100", "1024"})
  int entryBytes;

  @Param({"1", "10", "100"})
  int batch;

  private Path location;
  private Wal wal;
  private List<Entry> entries;
  private HardState[] states;
  private int next;

  @Setup(Level.Iteration)
  public void createLog() throws IOException {
    location = Path.of("/bench/" + System.nanoTime());
    wal =
        Wal.create(
            WalOptions.at(location).withStorage("memory").withSegmentBytes(SEGMENT_BYTES), null);
    entries = BenchLogs.entries(1, batch, entryBytes, 42);
    states = new HardState[] {new HardState(1, 1, 0), new HardState(1, 1, 1)};
  }

  @TearDown(Level.Iteration)
  public void deleteLog() throws IOException {
    wal.close();
    InMemoryStorageProvider.discard(location);
  }

  @Benchmark
  public void save() throws IOException {
    wal.save(states[next++ & 1], entries);
  }
}
