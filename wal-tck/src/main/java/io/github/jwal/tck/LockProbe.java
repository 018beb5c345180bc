package io.github.jwal.tck;

import io.github.jwal.WalLockedException;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Run in a child JVM by the kit: opens the backend named by its first argument at the location in
 * its second and tries to lock the first segment. Exits {@link #LOCKED} if it got the lock,
 * {@link #HELD_ELSEWHERE} if another process holds it, 2 on any other failure.
 */
final class LockProbe {
  static final int LOCKED = 0;
  static final int HELD_ELSEWHERE = 1;

  private LockProbe() {}

  public static void main(String[] args) {
    try (LogStorage storage = BackendFiles.open(args[0], Path.of(args[1]), 1 << 20)) {
      storage.lock(List.of(SegmentId.FIRST));
      System.exit(LOCKED);
    } catch (WalLockedException e) {
      System.exit(HELD_ELSEWHERE);
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(2);
    }
  }

  /** Runs the probe in a new JVM on this class path and returns its exit code. */
  static int run(String provider, Path location) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "-cp",
        System.getProperty("java.class.path"), LockProbe.class.getName(), provider,
        location.toAbsolutePath().toString())
        .inheritIO()
        .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the lock probe did not finish within a minute");
    }
    return process.exitValue();
  }
}
