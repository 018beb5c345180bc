package io.github.jwal.cli;

import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import io.github.jwal.SnapshotNotFoundException;
import io.github.jwal.Wal;
import io.github.jwal.WalContents;
import io.github.jwal.WalOptions;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

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
  @SuppressWarnings("ArrayRecordComponent") // never compared whole: the commands read its fields
  record Result(
      byte[] metadata, HardState hardState, boolean known, EntrySink entries, Failure failure) {
    boolean ok() {
      return failure == null;
    }
  }

  /** A second look at a log the replay found sound, through its reads by index. */
  @FunctionalInterface
  interface ReadBack {
    /**
     * Looks at the log once more before it is closed.
     *
     * @param wal the log, replayed and still open
     * @param metadata its metadata, or {@code null} if it has none
     * @throws IOException if a read fails; it is the read's failure
     */
    void read(Wal wal, byte[] metadata) throws IOException;
  }

  /**
   * A read and the snapshot it was made from.
   *
   * @param latestStart whether that is the log's latest valid snapshot record, read from because
   *     reading from index 0 did not get through
   */
  record FromSnapshot(Snapshot snapshot, Result result, boolean latestStart) {}

  private LogRead() {}

  /**
   * Reads {@code location}'s log from its snapshot. When none was given and the read from index 0
   * does not get through, the log is read again from its latest valid snapshot record, where {@code
   * Wal.open(options)} opens it (and sofa-jraft's {@code WalLogStorage}): a compaction, such as a
   * jraft node's first append or a truncated prefix, leaves a gap below that record which a read
   * from index 0 stops at. The second read is reported only if it read past the bytes the first
   * stopped at, so damage the second read does not reach, in older segments, is never hidden.
   *
   * @param sinks a fresh sink for each read
   */
  static FromSnapshot read(
      LogLocation location,
      Supplier<EntrySink> sinks,
      DirectoryListing listing,
      ReadBack readBack) {
    WalOptions options = location.options();
    Snapshot given = location.snapshot();
    Result first = read(options, given, sinks.get(), listing, readBack);
    if (first.ok() || location.snapshotGiven()) {
      return new FromSnapshot(given, first, false);
    }
    Snapshot latest = latestValidSnapshot(options);
    if (latest == null || latest.index() == given.index()) {
      return new FromSnapshot(given, first, false);
    }
    Result again = read(options, latest, sinks.get(), listing, readBack);
    return again.known() && readPast(first.failure(), again.failure(), latest, listing)
        ? new FromSnapshot(latest, again, true)
        : new FromSnapshot(given, first, false);
  }

  /**
   * Whether a read from {@code start} read the bytes where {@code stopped} was found, and got past
   * them: the same frames and CRC chain then hold, and the first failure was only about where that
   * read started (a gap after index 0, a commit index past its entries).
   */
  private static boolean readPast(
      Failure stopped, Failure again, Snapshot start, DirectoryListing listing) {
    if (stopped.segment() == null || !readFrom(start, listing, stopped.segment())) {
      return false;
    }
    if (again == null) {
      return true;
    }
    if (again.segment() == null) {
      return false;
    }
    int order = again.segment().compareTo(stopped.segment());
    return order > 0 || (order == 0 && again.offset() > stopped.offset());
  }

  /**
   * Whether a read from {@code start} reads {@code segment}: it starts at the last segment whose
   * first index is at or below the snapshot's (segment names sort in sequence order).
   */
  private static boolean readFrom(Snapshot start, DirectoryListing listing, String segment) {
    String first = null;
    for (DirectoryListing.SegmentFile s : listing.segments()) {
      if (Long.compareUnsigned(s.id().firstIndex(), start.index()) <= 0) {
        first = s.name();
      }
    }
    return first != null && segment.compareTo(first) >= 0;
  }

  private static Snapshot latestValidSnapshot(WalOptions options) {
    try {
      List<Snapshot> snapshots = Wal.validSnapshotEntries(options);
      return snapshots.isEmpty() ? null : snapshots.get(snapshots.size() - 1);
    } catch (IOException e) {
      return null;
    }
  }

  static Result read(
      WalOptions options, Snapshot snapshot, EntrySink sink, DirectoryListing listing) {
    return read(options, snapshot, sink, listing, (wal, metadata) -> {});
  }

  /** As {@link #read(WalOptions, Snapshot, EntrySink, DirectoryListing)}, then {@code readBack}. */
  static Result read(
      WalOptions options,
      Snapshot snapshot,
      EntrySink sink,
      DirectoryListing listing,
      ReadBack readBack) {
    try (Wal wal = Wal.openForRead(options, snapshot)) {
      WalContents contents = wal.replay(sink);
      if (contents.tornTail() == null) {
        readBack.read(wal, contents.metadata());
      }
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
