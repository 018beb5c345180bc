package io.github.jwal.tck;

import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import io.github.jwal.Wal;
import io.github.jwal.WalLockedException;
import io.github.jwal.WalOptions;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.StorageOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Run in a child JVM by the kit, as a second writer in another process. Arguments: a mode, the
 * provider's name, the location as a URI, then (for {@code race}) the segment size, then the
 * backend's properties as {@code key=value}.
 *
 * <ul>
 *   <li>{@code lock}: tries to become the log's writer and hold its first segment; exits {@link
 *       #LOCKED} if it did, {@link #HELD_ELSEWHERE} if another process is the writer, 2 on any
 *       other failure.
 *   <li>{@code race}: until its standard input closes, opens the log with {@link Wal#open}, reads
 *       it and saves a higher term, again and again; then prints {@code refused N}, {@code opened
 *       M} and one {@code failed <exception>} line per other failure.
 * </ul>
 */
final class LockProbe {
  static final int LOCKED = 0;
  static final int HELD_ELSEWHERE = 1;

  private LockProbe() {}

  public static void main(String[] args) {
    try {
      boolean racing = args[0].equals("race");
      WalOptions where =
          WalOptions.at(URI.create(args[2]))
              .withProperties(properties(Arrays.asList(args).subList(racing ? 4 : 3, args.length)));
      if (racing) {
        race(where.withStorage(args[1]).withSegmentBytes(Long.parseLong(args[3])));
        System.exit(0);
      }
      try (LogStorage storage =
          BackendFiles.open(args[1], where, new StorageOptions(1 << 20, false))) {
        storage.lock();
        storage.hold(List.of(SegmentId.FIRST));
        System.exit(LOCKED);
      }
    } catch (WalLockedException e) {
      System.exit(HELD_ELSEWHERE);
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(2);
    }
  }

  private static Map<String, String> properties(List<String> pairs) {
    Map<String, String> properties = new HashMap<>();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      properties.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return properties;
  }

  private static void race(WalOptions options) throws InterruptedException {
    int[] refused = {0};
    int[] opened = {0};
    StringBuilder failures = new StringBuilder();
    AtomicBoolean stopping = new AtomicBoolean();
    CountDownLatch tried = new CountDownLatch(1);
    Thread racer =
        new Thread(
            () -> {
              // Stopped by a flag, not an interrupt: an interrupt closes the file channels it
              // meets.
              for (long term = 2; !stopping.get(); term++) {
                try (Wal second = Wal.open(options, Snapshot.ZERO)) {
                  second.readAll();
                  second.save(new HardState(term, 1, 0), List.of());
                  opened[0]++;
                } catch (WalLockedException expected) {
                  refused[0]++;
                } catch (IOException | RuntimeException e) {
                  failures.append("failed ").append(e).append('\n');
                  stopping.set(true);
                }
                tried.countDown();
              }
            });
    racer.start();
    tried.await();
    System.out.println("racing");
    System.out.flush();
    try {
      while (System.in.read() >= 0) {
        // racing until the parent closes our input
      }
    } catch (IOException closed) {
      // the parent went away: stop as well
    }
    stopping.set(true);
    racer.join();
    System.out.println("refused " + refused[0]);
    System.out.println("opened " + opened[0]);
    System.out.print(failures);
    System.out.flush();
  }

  /** Runs the {@code lock} probe in a new JVM on this class path and returns its exit code. */
  static int run(TckBackend backend, Path location) throws Exception {
    Process process = start(backend, location, "lock");
    process.getOutputStream().close();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the lock probe did not finish within a minute");
    }
    return process.exitValue();
  }

  /** A second writer racing in another JVM; {@link Race#stop} ends it and returns what it saw. */
  static Race race(TckBackend backend, Path location, long segmentBytes) throws IOException {
    return new Race(start(backend, location, "race", Long.toString(segmentBytes)));
  }

  /** The racing child process. */
  static final class Race {
    private final Process process;
    private final BufferedReader out;

    /** Waits until the child has made its first attempt, so that the race is on. */
    private Race(Process process) throws IOException {
      this.process = process;
      this.out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      if (!"racing".equals(first)) {
        process.destroyForcibly();
        throw new AssertionError("the racing writer did not start: " + first);
      }
    }

    /** Stops the child and returns the lines it printed after {@code racing}. */
    List<String> stop() throws IOException, InterruptedException {
      process.getOutputStream().close();
      List<String> lines;
      try (out) {
        lines = out.lines().toList();
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the racing writer did not stop within a minute");
      }
      if (process.exitValue() != 0) {
        throw new AssertionError(
            "the racing writer failed: exit " + process.exitValue() + " " + lines);
      }
      return lines;
    }
  }

  /**
   * The probe in {@code mode} on the backend's log at {@code location}, with the mode's arguments.
   */
  private static Process start(TckBackend backend, Path location, String mode, String... modeArgs)
      throws IOException {
    WalOptions where = backend.options(location);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockProbe.class.getName(),
                mode,
                backend.provider(),
                where.uri().toString()));
    command.addAll(List.of(modeArgs));
    where.properties().forEach((key, value) -> command.add(key + "=" + value));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }
}
