package io.github.jwal.campaign;

import io.github.jwal.RepairResult;
import io.github.jwal.Snapshot;
import io.github.jwal.TornTailException;
import io.github.jwal.Wal;
import io.github.jwal.WalContents;
import io.github.jwal.WalOptions;
import java.io.IOException;
import java.util.List;

/** Opens a log after a power cut as the README tells a service to. */
final class Recovery {
  /**
   * An open log, read.
   *
   * @param repair what {@link Wal#repair} cut on the way, or {@code null} if the log opened at once
   */
  record Opened(Wal wal, Snapshot snapshot, WalContents contents, RepairResult repair) {}

  private Recovery() {}

  /**
   * Opens the log for writing at its latest valid snapshot and reads it; on a torn tail, repairs
   * and opens again, once: a log still torn after its repair is as unopenable as a corrupt one.
   *
   * @throws IOException whatever refused the log, which is then closed; if that came after a
   *     repair, the torn tail repaired is suppressed in it
   */
  static Opened open(WalOptions options) throws IOException {
    try {
      return openAtLatestSnapshot(options, null);
    } catch (TornTailException torn) {
      try {
        return openAtLatestSnapshot(options, Wal.repair(options));
      } catch (IOException | RuntimeException e) {
        e.addSuppressed(torn); // so that the refusal tells what the repair was for
        throw e;
      }
    }
  }

  private static Opened openAtLatestSnapshot(WalOptions options, RepairResult repair)
      throws IOException {
    List<Snapshot> valid = Wal.validSnapshotEntries(options);
    Snapshot snapshot = valid.isEmpty() ? Snapshot.ZERO : valid.get(valid.size() - 1);
    Wal wal = Wal.open(options, snapshot);
    try {
      return new Opened(wal, snapshot, wal.readAll(), repair);
    } catch (IOException | RuntimeException e) {
      try {
        wal.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }
}
