package io.github.jwal.tck;

import io.github.jwal.faults.FaultPlan;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One step of a generated history. Actions say what to do, not with which indexes: a save appends
 * after whatever the log holds when it runs, so a history stays valid when the shrinker removes
 * steps from it. {@code toString()} is the readable form a failure prints.
 */
sealed interface Action {
  void run(Simulation sim) throws Exception;

  /** Creates the log; always the first action. */
  record Create(int metadataBytes) implements Action {
    @Override
    public void run(Simulation sim) throws Exception {
      sim.create(metadataBytes);
    }

    @Override
    public String toString() {
      return "create with " + metadataBytes + " bytes of metadata";
    }
  }

  /**
   * A save of entries with these payload sizes; {@code overwriteBack > 0} starts that many entries
   * before the end (above the commit index) under a new term, as a new leader overwrites.
   */
  record Save(List<Integer> sizes, int overwriteBack, boolean newTerm, boolean advanceCommit)
      implements Action {
    @Override
    public void run(Simulation sim) throws Exception {
      sim.save(this);
    }

    @Override
    public String toString() {
      String what =
          sizes.isEmpty()
              ? "save hard state only"
              : "save "
                  + sizes.size()
                  + " entries of "
                  + sizes.stream().map(String::valueOf).collect(Collectors.joining(","))
                  + " bytes";
      return what
          + (overwriteBack > 0 ? ", overwriting the last " + overwriteBack : "")
          + (newTerm ? ", new term" : "")
          + (advanceCommit ? ", advance commit" : "");
    }
  }

  /** Saves a snapshot marker at the commit index. */
  record SaveSnapshot() implements Action {
    @Override
    public void run(Simulation sim) throws Exception {
      sim.saveSnapshot();
    }

    @Override
    public String toString() {
      return "save snapshot at the commit index";
    }
  }

  /**
   * Drops the last {@code back} entries, as a follower does when a new leader's log differs; never
   * below the commit index or the log's first index.
   */
  record TruncateAfter(int back) implements Action {
    @Override
    public void run(Simulation sim) throws Exception {
      sim.truncateAfter(back);
    }

    @Override
    public String toString() {
      return "truncate the last " + back + " entries";
    }
  }

  /** Compacts the log to the commit index: the snapshot record, then old segments deleted. */
  record Compact() implements Action {
    @Override
    public void run(Simulation sim) throws Exception {
      sim.compact();
    }

    @Override
    public String toString() {
      return "compact to the commit index";
    }
  }

  record Sync() implements Action {
    @Override
    public void run(Simulation sim) throws Exception {
      sim.sync();
    }

    @Override
    public String toString() {
      return "sync";
    }
  }

  /** releaseLockTo the acknowledged snapshot, then a purge keeping {@code keep} segments. */
  record ReleaseAndPurge(int keep) implements Action {
    @Override
    public void run(Simulation sim) throws Exception {
      sim.releaseAndPurge(keep);
    }

    @Override
    public String toString() {
      return "release locks to the snapshot and purge, keeping " + keep;
    }
  }

  /** Close, open at the acknowledged snapshot, read all, check. */
  record Reopen() implements Action {
    @Override
    public void run(Simulation sim) throws Exception {
      sim.reopen();
    }

    @Override
    public String toString() {
      return "close and reopen";
    }
  }

  /** Another writer tries to open and to create the log: both are refused. */
  record SecondWriter() implements Action {
    @Override
    public void run(Simulation sim) throws Exception {
      sim.secondWriter();
    }

    @Override
    public String toString() {
      return "a second writer tries to open and to create the log";
    }
  }

  /** A reader without a lock reads the log while the writer has it open. */
  record ReadOnlyPeek() implements Action {
    @Override
    public void run(Simulation sim) throws Exception {
      sim.readOnlyPeek();
    }

    @Override
    public String toString() {
      return "read the log read-only while the writer has it";
    }
  }

  /** Syncs fail after {@code successfulSyncs} more. */
  record FailSyncs(int successfulSyncs) implements Action {
    @Override
    public void run(Simulation sim) throws Exception {
      sim.failSyncs(successfulSyncs);
    }

    @Override
    public String toString() {
      return "syncs fail after " + successfulSyncs + " more";
    }
  }

  /** The disk is full: no space beyond what files hold already. */
  record DiskFull() implements Action {
    @Override
    public void run(Simulation sim) throws Exception {
      sim.diskFull(true);
    }

    @Override
    public String toString() {
      return "the disk is full";
    }
  }

  record SpaceReturns() implements Action {
    @Override
    public void run(Simulation sim) throws Exception {
      sim.diskFull(false);
    }

    @Override
    public String toString() {
      return "space returns";
    }
  }

  /** The next write is lost or misdirected by the device. */
  record InjectWriteFault(WriteFault fault) implements Action {
    @Override
    public void run(Simulation sim) throws Exception {
      sim.writeFault(fault);
    }

    @Override
    public String toString() {
      return "the next write is " + fault.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Power loss as the plan says, then recovery and the check. */
  record Crash(FaultPlan plan, long seed) implements Action {
    @Override
    public void run(Simulation sim) throws Exception {
      sim.crash(plan, seed);
    }

    @Override
    public String toString() {
      return "crash " + plan + " seed " + seed;
    }
  }

  /** Close, flip one bit of synced data, reopen: the damage is reported or harmless. */
  record FlipBit(long pick, int bit) implements Action {
    @Override
    public void run(Simulation sim) throws Exception {
      sim.flipBit(pick, bit);
    }

    @Override
    public String toString() {
      return "close and flip bit " + bit + " of byte pick " + pick;
    }
  }
}
