package io.github.jwal.file;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Run in a child JVM: locks the file named by its argument, writes {@code L} to standard output and
 * holds the lock until its standard input closes.
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
      FileLock lock = channel.lock();
      System.out.write('L');
      System.out.flush();
      while (System.in.read() >= 0) {
        // Holding the lock until the parent closes our input.
      }
      lock.release();
    }
  }
}
