package io.github.jwal.tck;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * What was written to the log, record by record in write order, and how much of it was
 * acknowledged: a call that synced returned. Any state the log may legally recover to after a crash
 * is the log after some prefix of these records at least as long as the acknowledged one (raft's
 * semantics: a later entry at an index replaces the earlier one and everything after it).
 */
final class LogModel {
  /** One record as the engine writes it: an entry, a hard state or a snapshot marker. */
  sealed interface LogRecord permits EntryRecord, StateRecord, SnapshotRecord {}

  record EntryRecord(Entry entry) implements LogRecord {}

  record StateRecord(HardState state) implements LogRecord {}

  record SnapshotRecord(Snapshot snapshot) implements LogRecord {}

  /** The log after a prefix of the records. */
  static final class State {
    final List<Entry> entries = new ArrayList<>();
    HardState hardState = HardState.EMPTY;
    final List<Snapshot> snapshots = new ArrayList<>();

    void apply(LogRecord record) {
      if (record instanceof EntryRecord e) {
        long index = e.entry().index();
        if (index <= lastIndex()) {
          entries.subList((int) Math.max(index - 1, 0), entries.size()).clear();
        }
        // An entry at index 0, the first snapshot's, drops every entry and is none itself: a
        // truncation of the whole log writes one.
        if (index > 0) {
          entries.add(e.entry());
        }
      } else if (record instanceof StateRecord s) {
        hardState = s.state();
      } else {
        snapshots.add(((SnapshotRecord) record).snapshot());
      }
    }

    long lastIndex() {
      return entries.size();
    }

    Entry entry(long index) {
      return entries.get((int) index - 1);
    }

    /** The entries a read from {@code snapshot} returns. */
    List<Entry> after(Snapshot snapshot) {
      return entries.subList((int) Math.min(entries.size(), snapshot.index()), entries.size());
    }

    Snapshot lastSnapshot() {
      return snapshots.isEmpty() ? Snapshot.ZERO : snapshots.get(snapshots.size() - 1);
    }
  }

  final List<LogRecord> records = new ArrayList<>();
  int acked;
  private State current = new State();

  void add(LogRecord record) {
    records.add(record);
    current.apply(record);
  }

  /** The log with every record written. */
  State current() {
    return current;
  }

  /** Forgets the last {@code count} records, which a refused call never wrote. */
  void forgetLast(int count) {
    records.subList(records.size() - count, records.size()).clear();
    current = stateAt(records.size());
  }

  /** Everything written so far was acknowledged. */
  void ackAll() {
    acked = records.size();
  }

  int unacked() {
    return records.size() - acked;
  }

  State stateAt(int prefix) {
    State state = new State();
    for (LogRecord record : records.subList(0, prefix)) {
      state.apply(record);
    }
    return state;
  }

  /** The snapshot to reopen at: the newest acknowledged one. */
  Snapshot ackedSnapshot() {
    return stateAt(acked).lastSnapshot();
  }

  /**
   * The shortest prefix, from {@code from} on, whose log reads from {@code snapshot} as {@code
   * entries} and {@code hardState}, or -1 if none does.
   */
  int matchingPrefix(int from, Snapshot snapshot, List<Entry> entries, HardState hardState) {
    State state = stateAt(from);
    for (int p = from; ; p++) {
      if (state.hardState.equals(hardState) && state.after(snapshot).equals(entries)) {
        return p;
      }
      if (p == records.size()) {
        return -1;
      }
      state.apply(records.get(p));
    }
  }

  /** Forgets the records after {@code prefix}: the crash lost them. They count as acknowledged. */
  void recoveredTo(int prefix) {
    records.subList(prefix, records.size()).clear();
    acked = prefix;
    current = stateAt(prefix);
  }
}
