package io.github.jwal.file;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Run in a child JVM: tries to lock the file named by its argument, as etcd's purge would. Exits 0
 * if it got the lock, 1 if another process holds it, 2 on any other failure.
 */
public final class LockProbe {
  static final int LOCKED = 0;
  static final int HELD_ELSEWHERE = 1;

  private LockProbe() {}

  public static void main(String[] args) {
    try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      System.exit(lock == null ? HELD_ELSEWHERE : LOCKED);
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(2);
    }
  }

  /** Runs the probe on {@code file} in a new JVM and returns its exit code. */
  static int tryLockFromAnotherProcess(Path file) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockProbe.class.getName(),
                file.toString())
            .inheritIO()
            .start();
    return process.waitFor();
  }
}
