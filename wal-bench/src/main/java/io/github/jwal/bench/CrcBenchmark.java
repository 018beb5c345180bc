package io.github.jwal.bench;

import io.github.jwal.codec.Crc32c;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What chaining costs: the CRC-32C of one record's data with the JDK's {@link CRC32C} from scratch
 * (the ceiling, which cannot continue from a previous CRC), with {@link Crc32c#update} continuing
 * from a non-zero CRC as every etcd record but the first does, and with the byte-at-a-time {@link
 * Crc32c#updateByTable} that a seedable CRC would otherwise need.
 *
 * <p>Scores are calls per second; multiply by {@code size} for bytes per second. Each method
 * returns its CRC so JMH consumes it and the work cannot be eliminated. Run by hand, not in the
 * build:
 *
 * <pre>
 * ./mvnw -B package -pl wal-bench -am
 * java -jar wal-bench/target/benchmarks.jar CrcBenchmark -f 2 -wi 3 -w 1s -i 5 -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CrcBenchmark {

  /** Record data sizes in bytes: a small entry, a typical one, and a large batch. */
  @Param({"100", "1024", "65536"})
  public int size;

  private byte[] data;

  /** A field, not a constant, so the JIT cannot fold the forcing prefix for a known seed. */
  private int seed;

  private final CRC32C plain = new CRC32C();
  private final Crc32c chained = new Crc32c();

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) random.nextInt(256);
    }
    seed = 0x9E3779B9;
    if (chained.update(seed, data, 0, size) != Crc32c.updateByTable(seed, data, 0, size)) {
      throw new IllegalStateException("fast and table CRCs disagree: the comparison would be void");
    }
  }

  /** The JDK CRC32C from its initial register: the speed limit, but it cannot chain. */
  @Benchmark
  public long plainCrc32c() {
    plain.reset();
    plain.update(data, 0, size);
    return plain.getValue();
  }

  /** Continuing from {@link #seed} through the 4-byte forcing prefix, then the intrinsic. */
  @Benchmark
  public int chainedPrefix() {
    return chained.update(seed, data, 0, size);
  }

  /** Continuing from {@link #seed} with the byte-at-a-time lookup table. */
  @Benchmark
  public int chainedTable() {
    return Crc32c.updateByTable(seed, data, 0, size);
  }
}
