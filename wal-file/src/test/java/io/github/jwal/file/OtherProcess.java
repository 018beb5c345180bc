package io.github.jwal.file;

import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import io.github.jwal.Wal;
import io.github.jwal.WalLockedException;
import io.github.jwal.WalOptions;
import io.github.jwal.spi.SegmentId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Run in a child JVM, to act on a log as another process would: another writer, etcd's purge, a
 * lock probe. Commands (the first argument):
 *
 * <ul>
 *   <li>{@code open <dir>}: {@link Wal#open} and read the log; prints {@code OPENED}, or {@code
 *       LOCKED <message>} on {@link WalLockedException}.
 *   <li>{@code hold <dir>}: opens and reads the log, prints {@code HOLDING} and keeps it open until
 *       its standard input closes.
 *   <li>{@code purge <dir> <keep>}: {@link Wal#purge}; prints each deleted segment's name.
 *   <li>{@code probe <file>...}: tries the OS lock of each file, as etcd's purge does; prints
 *       {@code FREE} or {@code HELD} per file.
 *   <li>{@code race <dir> <segmentBytes>}: a second writer in a loop: opens, reads and saves a
 *       higher term, until it gets in (printing {@code OPENED}) or its input ends. Prints {@code
 *       RACING} after its first attempt, {@code REFUSED <n>} at the end, and a {@code VIOLATION}
 *       line for any failure other than {@link WalLockedException}.
 * </ul>
 *
 * Any other failure prints its stack trace and exits 2.
 */
public final class OtherProcess {
  private OtherProcess() {}

  public static void main(String[] args) throws Exception {
    try {
      switch (args[0]) {
        case "open" -> open(Path.of(args[1]));
        case "hold" -> hold(Path.of(args[1]));
        case "purge" -> purge(Path.of(args[1]), Integer.parseInt(args[2]));
        case "probe" -> probe(args);
        case "race" -> race(Path.of(args[1]), Long.parseLong(args[2]));
        default -> throw new IllegalArgumentException("unknown command " + args[0]);
      }
    } catch (Exception | Error e) {
      e.printStackTrace();
      System.exit(2);
    }
    System.out.flush();
    System.exit(0);
  }

  private static WalOptions options(Path dir) {
    return WalOptions.at(dir)
        .withStorage(FileStorageProvider.NAME)
        .withSegmentBytes(StorageTestBase.SEGMENT_BYTES);
  }

  private static void open(Path dir) throws IOException {
    try (Wal wal = Wal.open(options(dir), Snapshot.ZERO)) {
      wal.readAll();
      System.out.println("OPENED");
    } catch (WalLockedException e) {
      System.out.println("LOCKED " + e.getMessage());
    }
  }

  private static void hold(Path dir) throws IOException {
    try (Wal wal = Wal.open(options(dir), Snapshot.ZERO)) {
      wal.readAll();
      System.out.println("HOLDING");
      System.out.flush();
      while (System.in.read() >= 0) {
        // Holding the log until the parent closes our input.
      }
    }
  }

  private static void purge(Path dir, int keep) throws IOException {
    for (SegmentId id : Wal.purge(options(dir), keep)) {
      System.out.println(id.fileName());
    }
  }

  private static void race(Path dir, long segmentBytes) throws IOException {
    WalOptions options = options(dir).withSegmentBytes(segmentBytes);
    AtomicBoolean inputEnded = new AtomicBoolean();
    Thread input =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {
                  // the parent closes our input once its writer has closed
                }
              } catch (IOException e) {
                // the parent went away
              }
              inputEnded.set(true);
            });
    input.setDaemon(true);
    input.start();
    int refused = 0;
    for (long term = 2; ; term++) {
      boolean ended = inputEnded.get();
      try (Wal wal = Wal.open(options, Snapshot.ZERO)) {
        wal.readAll();
        wal.save(new HardState(term, 1, 0), List.of());
        System.out.println("OPENED");
        break;
      } catch (WalLockedException e) {
        refused++;
      } catch (IOException | RuntimeException e) {
        System.out.println("VIOLATION " + e);
        break;
      }
      if (term == 2) {
        System.out.println("RACING");
        System.out.flush();
      }
      if (ended) {
        break;
      }
    }
    System.out.println("REFUSED " + refused);
  }

  private static void probe(String[] args) throws IOException {
    for (int i = 1; i < args.length; i++) {
      try (FileChannel channel = FileChannel.open(Path.of(args[i]), StandardOpenOption.WRITE)) {
        FileLock lock = channel.tryLock();
        System.out.println(lock == null ? "HELD" : "FREE");
      }
    }
  }

  /** A child JVM running a command, with this JVM's classpath. */
  static Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(OtherProcess.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  /** Runs a command to its end and returns the lines it printed. */
  static List<String> run(String... args) throws IOException, InterruptedException {
    Process process = start(args);
    process.getOutputStream().close();
    List<String> lines = readLines(process);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the child JVM did not finish: " + List.of(args));
    }
    if (process.exitValue() != 0) {
      throw new AssertionError(
          "the child JVM failed with " + process.exitValue() + ": " + List.of(args) + " " + lines);
    }
    return lines;
  }

  /**
   * Reads a line the process printed, or {@code null} at its end. For a command that prints one
   * line and then waits: the reader may buffer past the line.
   */
  static String readLine(Process process) throws IOException {
    return reader(process).readLine();
  }

  static List<String> readLines(Process process) throws IOException {
    BufferedReader reader = reader(process);
    List<String> lines = new ArrayList<>();
    for (String line; (line = reader.readLine()) != null; ) {
      lines.add(line);
    }
    return lines;
  }

  private static BufferedReader reader(Process process) {
    return new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }
}
