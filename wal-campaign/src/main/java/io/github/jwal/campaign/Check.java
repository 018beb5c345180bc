package io.github.jwal.campaign;

import io.github.jwal.Entry;
import io.github.jwal.EntryType;
import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import io.github.jwal.WalContents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares a log read back after a cut with what the writer was promised. Every acknowledged entry
 * after the snapshot must be there with its bytes, unless the one save in flight at the cut
 * replaced it (raft lets a later save overwrite an uncommitted tail, and that save may have reached
 * the disk without its acknowledgement getting out). Every entry read must be one the writer wrote,
 * at that index and term. The hard state and the snapshot must not go back.
 */
final class Check {
  private final long seed;
  private final Acknowledgements acks;
  private final Snapshot snapshot;
  private final WalContents contents;
  private final List<String> lost = new ArrayList<>();
  private final List<String> corrupt = new ArrayList<>();
  private long checked;

  private Check(long seed, Acknowledgements acks, Snapshot snapshot, WalContents contents) {
    this.seed = seed;
    this.acks = acks;
    this.snapshot = snapshot;
    this.contents = contents;
  }

  static Verdict of(long seed, Acknowledgements acks, Snapshot snapshot, WalContents contents) {
    Check check = new Check(seed, acks, snapshot, contents);
    check.metadata();
    check.entriesAreTheWriters();
    check.snapshot();
    check.acknowledgedEntries();
    check.nothingBeyond();
    check.hardState();
    List<String> problems = new ArrayList<>(check.lost);
    problems.addAll(check.corrupt);
    Verdict.Kind kind =
        !check.lost.isEmpty()
            ? Verdict.Kind.LOST
            : !check.corrupt.isEmpty() ? Verdict.Kind.CORRUPT : Verdict.Kind.OK;
    long count = kind == Verdict.Kind.LOST ? check.lost.size() : check.corrupt.size();
    return new Verdict(kind, count, check.checked, problems);
  }

  private void metadata() {
    if (!Arrays.equals(contents.metadata(), CampaignLog.metadata(seed))) {
      corrupt.add("the metadata is not the writer's");
    }
  }

  private void entriesAreTheWriters() {
    long expected = snapshot.index() + 1;
    for (Entry e : contents.entries()) {
      if (e.index() != expected++) {
        corrupt.add(
            "entry "
                + e.index()
                + " is out of place: the entries after snapshot "
                + snapshot.index()
                + " are not contiguous");
        return;
      }
      if (e.type() != EntryType.NORMAL
          || !Arrays.equals(e.data(), Payloads.of(seed, e.index(), e.term()))) {
        corrupt.add(
            "entry "
                + e.index()
                + " (term "
                + e.term()
                + ", "
                + e.dataLength()
                + " bytes) holds what the writer never wrote for it");
      }
    }
  }

  private void snapshot() {
    if (snapshot.index() < acks.snapshotIndex()) {
      lost.add(
          "opened at snapshot "
              + snapshot.index()
              + ", but snapshot "
              + acks.snapshotIndex()
              + " was acknowledged");
    }
    if (snapshot.index() > 0
        && (!acks.log().contains(snapshot.index())
            || acks.log().termAt(snapshot.index()) != snapshot.term())) {
      corrupt.add(snapshot + " is not at an acknowledged entry");
    }
  }

  private void acknowledgedEntries() {
    TermLog log = acks.log();
    Save inFlight = acks.inFlight();
    boolean replaced = inFlight != null && replacedBy(inFlight);
    for (long i = snapshot.index() + 1; i <= log.lastIndex(); i++) {
      Entry e = entry(i);
      // The save in flight may have replaced this entry and those after it, keeping a prefix of
      // its own.
      boolean replacedInFlight =
          replaced
              && i >= inFlight.first()
              && (e == null || (e.term() == inFlight.term() && i <= inFlight.last()));
      if (e != null && e.term() == log.termAt(i)) {
        checked++;
      } else if (!replacedInFlight) {
        lost.add(
            "acknowledged entry "
                + i
                + " (term "
                + log.termAt(i)
                + ") "
                + (e == null ? "is missing" : "reads back with term " + e.term()));
      }
    }
  }

  /** Whether the save in flight reached the disk where it overwrote acknowledged entries. */
  private boolean replacedBy(Save inFlight) {
    TermLog log = acks.log();
    Entry first = entry(inFlight.first());
    return first != null
        && first.term() == inFlight.term()
        && log.contains(inFlight.first())
        && log.termAt(inFlight.first()) != inFlight.term();
  }

  /** Entries past the acknowledged log can only be the save in flight's. */
  private void nothingBeyond() {
    Save inFlight = acks.inFlight();
    for (long i = Math.max(acks.log().lastIndex(), snapshot.index()) + 1; entry(i) != null; i++) {
      Entry e = entry(i);
      if (inFlight == null
          || e.term() != inFlight.term()
          || i < inFlight.first()
          || i > inFlight.last()) {
        corrupt.add(
            "entry "
                + i
                + " (term "
                + e.term()
                + ") is past the acknowledged log and not"
                + " from the save in flight");
      }
    }
  }

  private void hardState() {
    HardState want = acks.hardState();
    HardState got = contents.hardState();
    if (got.term() < want.term() || got.commit() < want.commit()) {
      lost.add("the hard state went back: " + got + " read, " + want + " acknowledged");
    }
  }

  /** The entry read at {@code index}, or {@code null}. */
  private Entry entry(long index) {
    long offset = index - snapshot.index() - 1;
    List<Entry> entries = contents.entries();
    return offset >= 0 && offset < entries.size() ? entries.get((int) offset) : null;
  }
}
