package io.github.jwal.jraft.bench;

import com.alipay.sofa.jraft.entity.LogEntry;
import com.alipay.sofa.jraft.storage.LogStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Disk bytes per entry after {@code logMiB} MiB of appends and a {@code truncatePrefix} of half,
 * the measure (jwal ≤ RocksDB). Not a JMH benchmark: one run, three numbers per storage.
 *
 * <p>Appends are jraft's shape (batches of 100, unsynced: this is about space, not time). The log
 * is measured after it is shut down, with {@code du}: allocated bytes ({@code du -sB1}, what the
 * disk really gives, preallocated segments included) and apparent bytes ({@code du -sb}), both
 * divided by the entries kept. RocksDB deletes a truncated prefix in the background: the program
 * waits {@code settleMs} before the shutdown.
 *
 * <p>Usage: {@code DiskFootprint <storage> [logMiB=1024] [entryBytes=1024] [settleMs=2000]}; prints
 * one line of {@code key=value}.
 */
public final class DiskFootprint {
  private DiskFootprint() {}

  /** The numbers of one run. */
  public record Result(
      String storage,
      long appended,
      long kept,
      long allocatedBefore,
      long allocatedAfter,
      long apparentAfter) {
    double allocatedPerEntry() {
      return (double) allocatedAfter / kept;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "storage=%s appended=%d kept=%d allocated_before=%d allocated_after=%d apparent_after=%d"
              + " allocated_per_kept_entry=%.1f apparent_per_kept_entry=%.1f",
          storage,
          appended,
          kept,
          allocatedBefore,
          allocatedAfter,
          apparentAfter,
          allocatedPerEntry(),
          (double) apparentAfter / kept);
    }
  }

  public static void main(String[] args) throws Exception {
    String storage = args[0];
    int logMiB = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
    int entryBytes = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
    long settleMs = args.length > 3 ? Long.parseLong(args[3]) : 2_000;
    System.out.println(run(storage, logMiB, entryBytes, settleMs));
  }

  /** Runs the measure on a fresh log, which is deleted afterwards. */
  public static Result run(String storage, int logMiB, int entryBytes, long settleMs)
      throws InterruptedException {
    Path dir = BenchLogs.freshDir("footprint-" + storage);
    try {
      long count = BenchLogs.entriesIn(logMiB, entryBytes);
      LogStorage log = BenchLogs.open(storage, dir, false);
      long allocatedBefore;
      try {
        for (long first = 1; first <= count; first += 100) {
          List<LogEntry> batch =
              BenchLogs.entries(first, (int) Math.min(100, count - first + 1), entryBytes);
          if (log.appendEntries(batch) != batch.size()) {
            throw new IllegalStateException(storage + " refused entries from " + first);
          }
        }
        allocatedBefore = du(dir, "-sB1");
        long firstKept = count / 2 + 1;
        if (!log.truncatePrefix(firstKept)) {
          throw new IllegalStateException(storage + " refused truncatePrefix(" + firstKept + ")");
        }
        Thread.sleep(settleMs);
      } finally {
        log.shutdown();
      }
      long kept = count - count / 2;
      return new Result(storage, count, kept, allocatedBefore, du(dir, "-sB1"), du(dir, "-sb"));
    } finally {
      BenchLogs.delete(dir);
    }
  }

  private static long du(Path dir, String flag) {
    try {
      Process du = new ProcessBuilder("du", flag, dir.toString()).redirectErrorStream(true).start();
      String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (du.waitFor() != 0) {
        throw new IllegalStateException("du " + flag + " " + dir + ": " + out);
      }
      return Long.parseLong(out.split("\\s+", 2)[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
