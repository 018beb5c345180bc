package io.github.jwal.tck;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.RepairResult;
import io.github.jwal.Snapshot;
import io.github.jwal.SnapshotNotFoundException;
import io.github.jwal.TornTailException;
import io.github.jwal.Wal;
import io.github.jwal.WalClosedException;
import io.github.jwal.WalContents;
import io.github.jwal.WalCorruptException;
import io.github.jwal.WalException;
import io.github.jwal.WalExistsException;
import io.github.jwal.WalLockedException;
import io.github.jwal.WalOptions;
import io.github.jwal.faults.FaultPlan;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs a history of {@link Action}s through the engine on a fixture's backend and checks every
 * outcome against the {@link LogModel}. A violated invariant throws {@link AssertionError}.
 *
 * <p>The rules it enforces:
 *
 * <ul>
 *   <li>A call that returned after a sync acknowledged every record written before it; a crash
 *       keeps every acknowledged record, and what it recovers is the log after some prefix of the
 *       records (no record changed, invented or reordered).
 *   <li>Without injected failures every call succeeds. With failing syncs or a full disk, a call
 *       may fail only with {@link WalClosedException#isPoisoned()}, and from then on every call
 *       must fail that way, even after the failures stop: nothing after a failed sync is
 *       acknowledged; or a save may be refused whole with another {@link WalException}, which wrote
 *       nothing of it.
 *   <li>A crash-only fault leaves a log that opens, through {@link Wal#repair} where the tail is
 *       torn or was persisted out of order.
 *   <li>After a lost or misdirected write, reading either reports {@link WalCorruptException} or
 *       returns the log after some prefix of the records: never a record that was not written.
 * </ul>
 */
final class Simulation implements AutoCloseable {
  private static final int NEAR_BOUNDARY = 512;

  private final TckFixture fixture;
  private final long segmentBytes;
  private final Coverage coverage;
  private final LogModel model = new LogModel();

  private Path location;
  private WalOptions options;
  private Wal wal;
  private byte[] metadata;
  private boolean syncedInCall;
  private boolean poisoned;
  private boolean syncsFailing;
  private boolean diskFull;

  /** A write fault damaged data: from now on only the weak invariant holds. */
  private boolean damaged;

  /** The history ended early: the damage it checks for was reported. */
  private boolean ended;

  Simulation(TckFixture fixture, long segmentBytes, Coverage coverage) throws IOException {
    this.fixture = fixture;
    this.segmentBytes = segmentBytes;
    this.coverage = coverage;
    this.location = fixture.newLocation();
    this.options = optionsAt(location);
  }

  /** Runs the actions in order; a failure names the step. */
  void run(List<Action> actions) throws Exception {
    for (int i = 0; i < actions.size() && !ended; i++) {
      Action action = actions.get(i);
      try {
        action.run(this);
      } catch (AssertionError | Exception e) {
        throw new StepFailure(i, action, e);
      }
    }
    if (wal != null && !ended && !damaged) {
      reopen();
    }
  }

  /** A failure at one step of a history. */
  static final class StepFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final int step;

    StepFailure(int step, Action action, Throwable cause) {
      super("step " + (step + 1) + " (" + action + "): " + cause, cause);
      this.step = step;
    }
  }

  private WalOptions optionsAt(Path at) {
    return fixture
        .options(at)
        .withStorage(fixture.provider())
        .withSegmentBytes(segmentBytes)
        .withSyncListener((segment, took) -> syncedInCall = true);
  }

  // The actions.

  void create(int metadataBytes) throws IOException {
    metadata = SamplePayloads.metadata(metadataBytes);
    syncedInCall = false;
    wal = Wal.create(options, metadata);
    model.ackAll();
  }

  void save(Action.Save save) throws IOException {
    LogModel.State log = model.current();
    long last = log.lastIndex();
    HardState before = log.hardState;
    boolean overwrite =
        save.overwriteBack() > 0
            && !save.sizes().isEmpty()
            && last - save.overwriteBack() + 1 > before.commit();
    long start = overwrite ? last - save.overwriteBack() + 1 : last + 1;
    boolean newTerm = save.newTerm() || overwrite || before.term() == 0;
    long term = before.term() + (newTerm ? 1 : 0);
    long vote = newTerm ? 1 + term % 3 : before.vote();
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < save.sizes().size(); i++) {
      entries.add(SamplePayloads.entry(term, start + i, save.sizes().get(i)));
    }
    long lastAfter = entries.isEmpty() ? last : start + entries.size() - 1;
    long commit = save.advanceCommit() ? lastAfter : before.commit();
    HardState state = new HardState(term, vote, commit);
    if (state.equals(before)) {
      state = HardState.EMPTY;
    }
    if (state.isEmpty() && entries.isEmpty()) {
      return;
    }
    for (Entry entry : entries) {
      model.add(new LogModel.EntryRecord(entry));
    }
    if (!state.isEmpty()) {
      model.add(new LogModel.StateRecord(state));
    }
    HardState saved = state;
    List<SegmentId> segmentsBefore = wal.lockedSegments();
    if (!call(() -> wal.save(saved, entries), true)) {
      model.forgetLast(entries.size() + (state.isEmpty() ? 0 : 1));
      return;
    }
    coverage.add(Coverage.SAVES);
    List<SegmentId> after = wal.lockedSegments();
    coverage.add(Coverage.SEGMENTS, Math.max(0, after.size() - segmentsBefore.size()));
    SegmentId tail =
        segmentsBefore.isEmpty() ? null : segmentsBefore.get(segmentsBefore.size() - 1);
    if (overwrite && tail != null && start < tail.firstIndex()) {
      coverage.add(Coverage.OVERWRITES_ACROSS_A_CUT);
    }
    if (tail != null
        && after.size() > segmentsBefore.size()
        && after.get(after.size() - 1).firstIndex() <= tail.firstIndex()) {
      coverage.add(Coverage.CUTS_NOT_AFTER_THE_TAIL_INDEX);
    }
  }

  void saveSnapshot() throws IOException {
    LogModel.State log = model.current();
    long commit = log.hardState.commit();
    if (commit == 0 || commit <= log.lastSnapshot().index()) {
      return;
    }
    Snapshot snapshot = Snapshot.of(commit, log.entry(commit).term());
    model.add(new LogModel.SnapshotRecord(snapshot));
    call(() -> wal.saveSnapshot(snapshot), false);
  }

  void truncateAfter(int back) throws IOException {
    LogModel.State log = model.current();
    if (poisoned) {
      call(() -> wal.truncateAfter(log.hardState.commit()), false); // refused, as every call
      return;
    }
    long first = wal.firstIndex();
    long index = Math.max(log.lastIndex() - back, Math.max(log.hardState.commit(), first - 1));
    if (index >= log.lastIndex()) {
      return;
    }
    // The log writes the last entry it keeps again, which a reader takes as an overwrite; at the
    // snapshot's index it writes an entry of the snapshot's term with no data.
    Entry kept = index >= first ? log.entry(index) : Entry.of(wal.term(index), index, null);
    model.add(new LogModel.EntryRecord(kept));
    if (!call(() -> wal.truncateAfter(index), true)) {
      model.forgetLast(1);
      return;
    }
    coverage.add(Coverage.TRUNCATIONS);
  }

  void compact() throws IOException {
    LogModel.State log = model.current();
    if (poisoned) {
      call(() -> wal.compact(log.lastSnapshot()), false); // refused, as every call
      return;
    }
    long commit = log.hardState.commit();
    if (commit == 0 || commit < wal.firstIndex() || commit <= log.lastSnapshot().index()) {
      return;
    }
    Snapshot snapshot = Snapshot.of(commit, log.entry(commit).term());
    model.add(new LogModel.SnapshotRecord(snapshot));
    if (!call(() -> wal.compact(snapshot), true)) {
      model.forgetLast(1);
      return;
    }
    coverage.add(Coverage.COMPACTIONS);
  }

  void sync() throws IOException {
    call(() -> wal.sync(), false);
  }

  void releaseAndPurge(int keep) throws IOException {
    long index = model.ackedSnapshot().index();
    if (poisoned) {
      try {
        wal.releaseLockTo(index);
        throw new AssertionError("releaseLockTo succeeded on a poisoned log");
      } catch (WalClosedException e) {
        check(e.isPoisoned(), "a poisoned log must say so: " + e);
      }
    } else {
      wal.releaseLockTo(index);
    }
    purge(keep);
  }

  /**
   * A purge, as another process runs it: it never deletes a segment the writer holds. While
   * failures are injected it may fail, its delete's sync failing.
   */
  private void purge(int keep) throws IOException {
    List<SegmentId> held = wal.lockedSegments();
    List<SegmentId> deleted;
    try {
      deleted = Wal.purge(options, keep);
    } catch (IOException e) {
      if (syncsFailing || diskFull) {
        return;
      }
      throw e;
    }
    for (SegmentId id : deleted) {
      check(!held.contains(id), "a purge deleted " + id + ", which the writer holds " + held);
    }
  }

  void reopen() throws Exception {
    boolean closedCleanly = !poisoned && closeLog();
    if (poisoned) {
      closeQuietly(wal);
    }
    int from = closedCleanly ? model.records.size() : model.acked;
    wal = null;
    poisoned = false;
    WalContents contents = openAndRead(null);
    checkRecovered(contents, from, "reopening");
  }

  /**
   * Closes the log, which syncs it. While failures are injected the sync may fail: close reports it
   * as any {@link IOException}, and what it would have synced is not acknowledged.
   */
  private boolean closeLog() throws IOException {
    syncedInCall = false;
    try {
      wal.close();
    } catch (IOException e) {
      if (syncsFailing || diskFull) {
        return false;
      }
      throw e;
    }
    model.ackAll();
    return true;
  }

  void secondWriter() throws IOException {
    Snapshot at = model.ackedSnapshot();
    try (Wal second = Wal.open(options, at)) {
      throw new AssertionError(
          "a second writer opened the log while " + wal + " has it: " + second);
    } catch (WalLockedException expected) {
      coverage.add(Coverage.SECOND_WRITERS);
    }
    try (Wal second = Wal.create(options, metadata)) {
      throw new AssertionError(
          "a second writer created the log again while " + wal + " has it: " + second);
    } catch (WalExistsException | WalLockedException expected) {
      // refused: the log exists, and it is locked
    }
    purge(1);
  }

  void readOnlyPeek() throws IOException {
    Snapshot at = model.ackedSnapshot();
    WalContents contents;
    try (Wal reader = Wal.openForRead(options, at)) {
      contents = reader.readAll();
    }
    int from = damaged ? 0 : model.acked;
    int p = model.matchingPrefix(from, at, contents.entries(), contents.hardState());
    check(
        p >= 0,
        "a reader without a lock read a log that no prefix of the writes explains: "
            + describe(contents, at));
  }

  void failSyncs(int successfulSyncs) throws IOException {
    fixture.failSyncs(location, successfulSyncs);
    syncsFailing = true;
  }

  void diskFull(boolean full) throws IOException {
    fixture.setCapacity(location, full ? 0 : Long.MAX_VALUE);
    diskFull = full;
  }

  void writeFault(WriteFault fault) throws IOException {
    fixture.injectWriteFault(location, fault);
    damaged = true;
  }

  void crash(FaultPlan plan, long seed) throws Exception {
    coverage.add(Coverage.CRASHES);
    if (model.unacked() > 0) {
      coverage.add(Coverage.UNSYNCED_TAIL);
    }
    if (nearSegmentBoundary()) {
      coverage.add(Coverage.SEGMENT_BOUNDARY);
    }
    Path after = fixture.crash(location, plan, seed);
    closeQuietly(wal);
    wal = null;
    location = after;
    options = optionsAt(after);
    poisoned = false;
    syncsFailing = false;
    if (damaged) {
      readAfterWriteFault();
      return;
    }
    WalContents contents = openAndRead(plan);
    checkRecovered(contents, model.acked, "recovering from " + plan);
  }

  void flipBit(long pick, int bit) throws Exception {
    closeLog();
    wal = null;
    Map<SegmentId, byte[]> segments = BackendFiles.segments(fixture, location);
    long total = segments.values().stream().mapToLong(b -> b.length).sum();
    long at = Math.floorMod(pick, total);
    SegmentId flipped = null;
    int offset = 0;
    for (Map.Entry<SegmentId, byte[]> segment : segments.entrySet()) {
      if (at < segment.getValue().length) {
        flipped = segment.getKey();
        offset = (int) at;
        break;
      }
      at -= segment.getValue().length;
    }
    byte[] bytes = segments.get(flipped);
    bytes[offset] ^= (byte) (1 << bit);
    fixture.putSegment(location, flipped, bytes);
    SegmentId last = List.copyOf(segments.keySet()).get(segments.size() - 1);
    String what = "bit " + bit + " of byte " + offset + " of " + flipped + " flipped";
    Snapshot snapshot = model.ackedSnapshot();
    try (Wal reopened = Wal.open(options, snapshot)) {
      WalContents contents = reopened.readAll();
      int p =
          model.matchingPrefix(
              model.records.size(), snapshot, contents.entries(), contents.hardState());
      check(
          p == model.records.size(),
          what + ": the log read without an error but differs: " + describe(contents, snapshot));
      coverage.add(Coverage.FLIPS_HARMLESS);
    } catch (WalCorruptException e) {
      check(
          e.segment().equals(flipped.fileName()) && e.offset() <= offset,
          what + ": the error must name that segment at or before that byte, got " + e);
      if (e instanceof TornTailException) {
        check(
            flipped.equals(last) && onlyZerosBetween(bytes, e.offset(), offset),
            what
                + ": a flipped bit in written bytes must be reported as corruption, not as a torn"
                + " tail, which repair would cut: "
                + e);
        coverage.add(Coverage.FLIPS_IN_THE_ZERO_TAIL);
      } else {
        coverage.add(Coverage.FLIPS_DETECTED);
      }
    }
    ended = true;
  }

  /** Whether {@code bytes[from, to)} are all zero: nothing was written there. */
  private static boolean onlyZerosBetween(byte[] bytes, long from, long to) {
    for (long i = from; i < to; i++) {
      if (bytes[(int) i] != 0) {
        return false;
      }
    }
    return true;
  }

  // Recovery and checks.

  /**
   * Opens at the acknowledged snapshot and reads all. With a plan (after a crash), a torn tail is
   * repaired, as the README says to recover; a crash leaves nothing else, whatever fragments of its
   * unsynced writes reached the disk (docs/fault-model.md), so corruption fails the history.
   * Without a plan, nothing may need repair.
   */
  private WalContents openAndRead(FaultPlan plan) throws Exception {
    Snapshot at = model.ackedSnapshot();
    for (int attempt = 0; attempt < 3; attempt++) {
      Wal opened = Wal.open(options, at);
      try {
        WalContents contents = opened.readAll();
        checkReadsByIndex(opened, contents);
        wal = opened;
        return contents;
      } catch (TornTailException torn) {
        closeQuietly(opened);
        check(
            plan != null,
            "a torn tail without a crash, so bytes the log never wrote follow"
                + " what it wrote: check that allocate empties a staged segment it reuses (rule R4)"
                + " and that openTail appends at its offset (R10): "
                + torn);
        if (writtenBytesAfterAHole(torn)) {
          coverage.add(Coverage.TORN_WITH_DATA_AFTER_A_HOLE);
        }
        RepairResult result = Wal.repair(options);
        check(result.repaired(), "repair did not cut the torn tail open reported: " + torn);
        coverage.add(Coverage.TORN_REPAIRS);
      } catch (WalCorruptException corrupt) {
        closeQuietly(opened);
        check(plan != null, "corruption without a crash: " + corrupt);
        throw new AssertionError(
            "a crash ("
                + plan
                + ") left a log that does not open: a crash"
                + " loses unsynced bytes, it does not change synced ones, so its damage must read as a"
                + " torn tail, which repair cuts: "
                + corrupt,
            corrupt);
      } catch (IOException | RuntimeException | Error e) {
        closeQuietly(opened);
        throw e;
      }
    }
    throw new AssertionError("the log is still damaged after three repairs");
  }

  /** Reads by index agree with the full read that opened the log (rule W21). */
  private static void checkReadsByIndex(Wal opened, WalContents contents) throws IOException {
    List<Entry> read = contents.entries();
    long first = opened.firstIndex();
    check(
        opened.lastIndex() == first - 1 + read.size(),
        "the log read "
            + read.size()
            + " entries after its snapshot, but reads by index span "
            + first
            + " to "
            + opened.lastIndex());
    if (!read.isEmpty()) {
      check(
          read.equals(opened.entries(first, opened.lastIndex() + 1, Long.MAX_VALUE)),
          "reads by index differ from the full read of the same log");
    }
  }

  /**
   * Whether the torn segment holds written bytes after a zero word that follows the damage: the
   * case of a crash that kept a later part of an unsynced write and lost an earlier one.
   */
  private boolean writtenBytesAfterAHole(TornTailException torn) throws IOException {
    Map<SegmentId, byte[]> segments = BackendFiles.segments(fixture, location);
    for (Map.Entry<SegmentId, byte[]> segment : segments.entrySet()) {
      if (segment.getKey().fileName().equals(torn.segment())) {
        byte[] bytes = segment.getValue();
        boolean hole = false;
        for (long at = torn.offset(); at + 8 <= bytes.length; at += 8) {
          boolean zero = true;
          for (int i = 0; i < 8; i++) {
            zero &= bytes[(int) at + i] == 0;
          }
          if (zero) {
            hole = true;
          } else if (hole) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private void readAfterWriteFault() throws Exception {
    Snapshot at = model.ackedSnapshot();
    Wal opened = null;
    try {
      opened = Wal.open(options, at);
      WalContents contents = opened.readAll();
      int p = model.matchingPrefix(0, at, contents.entries(), contents.hardState());
      check(
          p >= 0,
          "after a lost or misdirected write the log read without an error, but no "
              + "prefix of the writes explains it: "
              + describe(contents, at));
    } catch (WalCorruptException | SnapshotNotFoundException reported) {
      coverage.add(Coverage.WRITE_FAULTS_DETECTED);
    } finally {
      closeQuietly(opened);
      // The damage may sit in a segment this read skipped: the history ends with the check.
      ended = true;
    }
  }

  private void checkRecovered(WalContents contents, int from, String when) {
    check(Arrays.equals(metadata, contents.metadata()), when + ": the metadata changed");
    Snapshot at = model.ackedSnapshot();
    int p = model.matchingPrefix(from, at, contents.entries(), contents.hardState());
    check(p >= 0, when + ": " + describe(contents, at));
    if (p > model.acked) {
      coverage.add(Coverage.KEPT_UNSYNCED);
    }
    model.recoveredTo(p);
  }

  private String describe(WalContents contents, Snapshot at) {
    LogModel.State acked = model.stateAt(model.acked);
    LogModel.State written = model.current();
    List<Entry> got = contents.entries();
    List<Entry> ackedEntries = acked.after(at);
    int firstDifference = 0;
    while (firstDifference < got.size()
        && firstDifference < ackedEntries.size()
        && got.get(firstDifference).equals(ackedEntries.get(firstDifference))) {
      firstDifference++;
    }
    return "read "
        + got.size()
        + " entries from "
        + at
        + " (last index "
        + contents.lastIndex(at.index())
        + ") and "
        + contents.hardState()
        + "; acknowledged were "
        + ackedEntries.size()
        + " entries (last index "
        + acked.lastIndex()
        + ") and "
        + acked.hardState
        + ", written "
        + written.lastIndex()
        + " entries and "
        + written.hardState
        + "; the first entry that differs from the acknowledged log is #"
        + (firstDifference + 1)
        + (firstDifference < got.size() ? " " + got.get(firstDifference) : " (none read)")
        + (firstDifference < ackedEntries.size()
            ? " where " + ackedEntries.get(firstDifference) + " was acknowledged"
            : "");
  }

  /** Whether the tail segment is within a sector of the cut, or holds nothing but its head. */
  private boolean nearSegmentBoundary() throws IOException {
    Map<SegmentId, byte[]> segments = BackendFiles.segments(fixture, location);
    if (segments.isEmpty()) {
      return false;
    }
    byte[] tail = List.copyOf(segments.values()).get(segments.size() - 1);
    int end = tail.length;
    while (end > 0 && tail[end - 1] == 0) {
      end--;
    }
    return end >= segmentBytes - NEAR_BOUNDARY || (segments.size() > 1 && end < NEAR_BOUNDARY);
  }

  @FunctionalInterface
  private interface WalCall {
    void run() throws IOException;
  }

  /**
   * Runs one call of the engine. It acknowledges what was written when it returns after a sync; it
   * may fail only while failures are injected, and only by poisoning the log or, for a save, by
   * refusing it whole (the storage could not prepare the segment it may need), which writes nothing
   * and leaves the log working.
   *
   * @param refusable whether the call is a save, which may be refused whole
   * @return false if the call was refused whole
   */
  private boolean call(WalCall walCall, boolean refusable) throws IOException {
    syncedInCall = false;
    try {
      walCall.run();
    } catch (WalClosedException e) {
      if (e.isPoisoned() && (poisoned || syncsFailing || diskFull)) {
        if (!poisoned) {
          coverage.add(Coverage.POISONED);
        }
        poisoned = true;
        if (syncsFailing) {
          // From here syncs would succeed again: the engine must not retry and carry on.
          fixture.clearFailures(location);
          syncsFailing = false;
        }
        return true;
      }
      throw e;
    } catch (WalException e) {
      if (refusable && (syncsFailing || diskFull) && !poisoned) {
        coverage.add(Coverage.REFUSED);
        return false;
      }
      throw e;
    } catch (IOException e) {
      if (syncsFailing || diskFull) {
        throw new AssertionError(
            "a failure of the storage must poison the log "
                + "(WalClosedException.isPoisoned()) or refuse the save whole (WalException), not"
                + " surface as "
                + e,
            e);
      }
      throw e;
    }
    check(
        !poisoned,
        "a call succeeded on a poisoned log: after a failed sync nothing may be "
            + "acknowledged until the log is reopened");
    if (syncedInCall) {
      model.ackAll();
    }
    return true;
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }

  private static void closeQuietly(Wal log) {
    if (log == null) {
      return;
    }
    try {
      log.close();
    } catch (IOException | RuntimeException ignored) {
      // a dead or poisoned log may fail to close; its process is gone in the scenario
    }
  }

  @Override
  public void close() {
    closeQuietly(wal);
    wal = null;
  }
}
