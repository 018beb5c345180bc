package io.github.jwal.file;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/** Reserves a segment's size with one {@link Preallocation} strategy. */
final class Preallocator {
  private static final int ZERO_CHUNK = 1 << 20;
  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(ZERO_CHUNK).asReadOnlyBuffer();

  private final Preallocation strategy;

  Preallocator(Preallocation strategy) {
    this.strategy = strategy;
  }

  /**
   * The strategy to use on {@code fs}: zero-filling an in-memory filesystem only copies memory
   * around, and the point of it (no allocation to commit at sync) exists only on a real disk.
   */
  static Preallocator forFileSystem(Preallocation requested, FileSystem fs) {
    boolean realDisk = fs == FileSystems.getDefault();
    return new Preallocator(
        requested == Preallocation.ZERO && !realDisk ? Preallocation.SPARSE : requested);
  }

  Preallocation strategy() {
    return strategy;
  }

  /** This preallocator, but sparse where it would write zeros. */
  Preallocator withoutZeroFill() {
    return strategy == Preallocation.ZERO ? new Preallocator(Preallocation.SPARSE) : this;
  }

  /**
   * Makes the file at {@code path}, open as {@code channel}, {@code size} bytes long, zeros after
   * what it holds. Like fallocate, fails up front when the filesystem has not that much space,
   * rather than filling the disk (or, sparse, promising space it does not have).
   *
   * @param cancelled polled between chunks of zeros, so that closing the pipeline does not wait for
   *     a whole segment to be written
   */
  void preallocate(FileChannel channel, Path path, long size, BooleanSupplier cancelled)
      throws IOException {
    long current = channel.size();
    if (strategy == Preallocation.NONE || size <= current) {
      return;
    }
    long usable = Files.getFileStore(path).getUsableSpace();
    if (size - current > usable) {
      throw new FileSystemException(
          path.toString(),
          null,
          "cannot preallocate " + size + " bytes: " + usable + " bytes usable on its filesystem");
    }
    if (strategy == Preallocation.SPARSE) {
      writeFully(channel, ZEROS.duplicate().limit(1), size - 1);
      return;
    }
    for (long at = current; at < size; at += ZERO_CHUNK) {
      if (cancelled.getAsBoolean()) {
        throw new InterruptedIOException("preallocation of " + path + " was cancelled");
      }
      ByteBuffer chunk = ZEROS.duplicate();
      chunk.limit((int) Math.min(ZERO_CHUNK, size - at));
      writeFully(channel, chunk, at);
    }
    channel.force(true);
  }

  static void writeFully(FileChannel channel, ByteBuffer src, long position) throws IOException {
    long at = position;
    while (src.hasRemaining()) {
      at += channel.write(src, at);
    }
  }
}
