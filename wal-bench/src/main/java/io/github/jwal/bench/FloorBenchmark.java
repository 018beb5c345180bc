package io.github.jwal.bench;

import io.github.jwal.HardState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * The physical floor for {@link SaveBenchmark}: the same number of bytes per save written with one
 * {@code FileChannel.write} at increasing offsets, then {@code force(false)}. No encoding, no CRC,
 * no log: what this disk allows. {@code file} says into what: {@code prewritten}, a zero-filled,
 * synced file (blocks allocated and written, so a sync carries only the data); {@code growing}, an
 * empty file that each write extends (every sync also carries the new size and block allocation);
 * {@code sparse}, a file of that size never written (blocks allocated on first write, as into a
 * segment preallocated with a hole-punching allocator or none). jwal's segments are preallocated,
 * so {@code prewritten} is the floor for a log whose segments were reused or zeroed, {@code sparse}
 * or {@code growing} the floor a fresh segment's first pass can reach.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class FloorBenchmark {
  private static final long FILE_BYTES = 256L << 20;

  @Param({"100", "1024", "16384"})
  int entryBytes;

  @Param({"1", "10", "100"})
  int batch;

  @Param({"prewritten", "growing", "sparse"})
  String file;

  private Path dir;
  private FileChannel channel;
  private ByteBuffer save;
  private long offset;

  @Setup(Level.Iteration)
  public void prewrite() throws IOException {
    dir = BenchLogs.newDirectory("jwal-floor-");
    channel =
        FileChannel.open(
            dir.resolve("floor"),
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    switch (file) {
      case "prewritten" -> {
        ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
        for (long at = 0; at < FILE_BYTES; at += zeros.capacity()) {
          zeros.clear();
          while (zeros.hasRemaining()) {
            channel.write(zeros, at + zeros.position());
          }
        }
      }
      case "sparse", "growing" -> startUnwritten();
      default ->
          throw new IllegalArgumentException("file: prewritten, growing or sparse, not " + file);
    }
    channel.force(true);
    int bytes =
        BenchLogs.savedBytes(BenchLogs.entries(1, batch, entryBytes, 42), new HardState(1, 1, 0));
    save = ByteBuffer.allocate(bytes);
    offset = 0;
  }

  /** Empties the file, and for {@code sparse} sets its size without writing a block. */
  private void startUnwritten() throws IOException {
    channel.truncate(0);
    if (file.equals("sparse")) {
      channel.write(ByteBuffer.allocate(1), FILE_BYTES - 1);
    }
  }

  @TearDown(Level.Iteration)
  public void delete() throws IOException {
    channel.close();
    BenchLogs.deleteTree(dir);
  }

  @Benchmark
  public void writeAndForce() throws IOException {
    if (offset + save.capacity() > FILE_BYTES) {
      // Wrapping into written blocks would make the unwritten cases the pre-written one.
      offset = 0;
      if (!file.equals("prewritten")) {
        startUnwritten();
        channel.force(true);
      }
    }
    save.clear();
    while (save.hasRemaining()) {
      offset += channel.write(save, offset);
    }
    channel.force(false);
  }
}
