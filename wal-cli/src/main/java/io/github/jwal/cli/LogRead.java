package io.github.jwal.cli;

import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import io.github.jwal.SnapshotNotFoundException;
import io.github.jwal.Wal;
import io.github.jwal.WalContents;
import io.github.jwal.WalOptions;
import java.io.IOException;

/**
 * One read-only pass over a log ({@link Wal#openForRead} and {@link Wal#replay}): takes no lock and
 * writes nothing, so it is safe on a log a writer has open, and on evidence an operator must keep.
 */
final class LogRead {
  /**
   * What the pass found.
   *
   * @param metadata the metadata, or {@code null} if the log has none or it is not known
   * @param hardState the last hard state, or {@link HardState#EMPTY} if none was saved or it is not
   *     known
   * @param known whether metadata and hard state are known: the library returns them with a torn
   *     tail or a missing snapshot, but with no other error
   * @param entries the entries read, including those read before an error
   * @param failure what stopped the read, or {@code null} if the log is sound
   */
  record Result(
      byte[] metadata, HardState hardState, boolean known, EntrySink entries, Failure failure) {
    boolean ok() {
      return failure == null;
    }
  }

  private LogRead() {}

  static Result read(
      WalOptions options, Snapshot snapshot, EntrySink sink, DirectoryListing listing) {
    try (Wal wal = Wal.openForRead(options, snapshot)) {
      WalContents contents = wal.replay(sink);
      // In read mode a torn tail ends the read quietly, as etcd's does; an operator needs to hear
      // it.
      Failure torn = contents.tornTail() == null ? null : Failure.of(contents.tornTail(), listing);
      return new Result(contents.metadata(), contents.hardState(), true, sink, torn);
    } catch (SnapshotNotFoundException e) {
      WalContents contents = e.contents();
      return new Result(
          contents.metadata(), contents.hardState(), true, sink, Failure.of(e, listing));
    } catch (IOException e) {
      return new Result(null, HardState.EMPTY, false, sink, Failure.of(e, listing));
    } catch (IllegalArgumentException refused) {
      // A backend refuses a location or a property it cannot use when it opens the log.
      return new Result(null, HardState.EMPTY, false, sink, Failure.refused(refused, listing));
    }
  }
}
