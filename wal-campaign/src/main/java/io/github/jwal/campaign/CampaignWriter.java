package io.github.jwal.campaign;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import io.github.jwal.Wal;
import io.github.jwal.WalContents;
import io.github.jwal.WalOptions;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The campaign's writer: appends to a log the way a Raft service does until it is killed or the
 * storage dies under it, and prints on standard output what it was promised (see {@link
 * Acknowledgements} for the lines), each line whole before it goes on.
 *
 * <p>Usage: {@code CampaignWriter DIR SEED RUN [ack-early]}. Creates the log at DIR, or opens it as
 * the README says (a cut may have left it torn). SEED fixes the payloads, which the checker
 * recomputes; RUN varies the choices from one run to the next. {@code ack-early} is the campaign's
 * self-test: each save is announced acknowledged before it is made, as by a log that acknowledges
 * too early, so a cut during a save must be reported as lost entries. Exits 1 when a save fails, as
 * it must when LazyFS tears a write and dies.
 */
public final class CampaignWriter {
  private static final long VOTE = 1;
  private static final int MAX_BATCH = 50;

  /**
   * Raft saves a hard state alone when only the commit index moved: not synced, so not promised.
   */
  private static final double COMMIT_ONLY = 0.2;

  /** A new leader replacing the uncommitted tail. */
  private static final double OVERWRITE = 0.05;

  /** As etcd's --snapshot-count: a snapshot once the commit index is this far past the last one. */
  private static final long SNAPSHOT_ENTRIES = 2000;

  /** etcd's default --max-wals. */
  private static final int KEEP_SEGMENTS = 5;

  private final Wal wal;
  private final WalOptions options;
  private final long seed;
  private final SplittableRandom random;
  private final FileOutputStream out = new FileOutputStream(FileDescriptor.out);

  /** The terms of the entries after the snapshot. */
  private final TermLog log;

  private long term;

  /** The commit index last saved, synced or not: nothing at or below it may be overwritten. */
  private long commit;

  /** The commit index of the last save that synced: snapshots are taken there. */
  private long durableCommit;

  private long snapshotIndex;

  /** The self-test: announce each save acknowledged before making it. */
  private boolean ackEarly;

  private CampaignWriter(Wal wal, WalOptions options, long seed, long run, Snapshot snapshot) {
    this.wal = wal;
    this.options = options;
    this.seed = seed;
    this.random = new SplittableRandom(seed ^ run * 0x9E3779B97F4A7C15L);
    this.log = new TermLog(snapshot.index() + 1);
    this.snapshotIndex = snapshot.index();
    this.term = Math.max(1, snapshot.term());
  }

  public static void main(String[] args) throws IOException {
    boolean ackEarly = args.length == 4 && args[3].equals("ack-early");
    if (args.length != 3 && !ackEarly) {
      System.err.println("usage: CampaignWriter DIR SEED RUN [ack-early]");
      System.exit(2);
    }
    WalOptions options = CampaignLog.options(Path.of(args[0]));
    long seed = Long.parseLong(args[1]);
    long run = Long.parseLong(args[2]);
    try {
      CampaignWriter writer =
          Wal.exists(options) ? resume(options, seed, run) : create(options, seed, run);
      writer.ackEarly = ackEarly;
      writer.run();
    } catch (IOException e) {
      System.err.println("writer stopped: " + e);
      System.exit(1);
    }
  }

  private static CampaignWriter create(WalOptions options, long seed, long run) throws IOException {
    Wal wal = Wal.create(options, CampaignLog.metadata(seed));
    CampaignWriter writer = new CampaignWriter(wal, options, seed, run, Snapshot.ZERO);
    writer.println(Acknowledgements.CREATE);
    return writer;
  }

  /** Goes on from the log as it is now, acknowledged or not, and says so before saving anything. */
  private static CampaignWriter resume(WalOptions options, long seed, long run) throws IOException {
    Recovery.Opened opened = Recovery.open(options);
    WalContents contents = opened.contents();
    CampaignWriter writer = new CampaignWriter(opened.wal(), options, seed, run, opened.snapshot());
    for (Entry e : contents.entries()) {
      writer.log.put(e.index(), e.index(), e.term());
      writer.term = Math.max(writer.term, e.term());
    }
    HardState state = contents.hardState();
    writer.term = Math.max(writer.term, state.term());
    writer.commit = Math.max(state.commit(), writer.snapshotIndex);
    writer.durableCommit = writer.commit;
    writer.println(
        Acknowledgements.resumeLine(
            opened.snapshot(), state, writer.log.runsAfter(writer.snapshotIndex)));
    return writer;
  }

  private void run() throws IOException {
    while (true) {
      double choice = random.nextDouble();
      boolean uncommitted = commit < log.lastIndex();
      if (choice < COMMIT_ONLY && uncommitted) {
        commit += 1 + random.nextLong(log.lastIndex() - commit);
        wal.save(new HardState(term, VOTE, commit), List.of());
      } else if (choice < COMMIT_ONLY + OVERWRITE && uncommitted) {
        long from = commit + 1 + random.nextLong(log.lastIndex() - commit);
        term++;
        save(from, commit);
      } else {
        // Raft commits only what it had before this save.
        save(log.lastIndex() + 1, commit + random.nextLong(log.lastIndex() - commit + 1));
      }
      if (durableCommit - snapshotIndex >= SNAPSHOT_ENTRIES) {
        snapshot();
      }
    }
  }

  /** Saves 1 to 50 entries of the current term from {@code from}, replacing any there. */
  private void save(long from, long newCommit) throws IOException {
    long to = from + random.nextInt(MAX_BATCH);
    List<Entry> entries = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      entries.add(Entry.of(term, i, Payloads.of(seed, i, term)));
    }
    Save save = new Save(from, to, term, new HardState(term, VOTE, newCommit));
    println(save.line("try"));
    if (ackEarly) {
      println(save.line("ack"));
    }
    wal.save(save.hardState(), entries);
    if (!ackEarly) {
      println(save.line("ack"));
    }
    log.put(from, to, term);
    commit = newCommit;
    durableCommit = newCommit;
  }

  /**
   * As a service does once its state machine has applied the commit index: snapshot, release,
   * purge.
   */
  private void snapshot() throws IOException {
    Snapshot snapshot = Snapshot.of(durableCommit, log.termAt(durableCommit));
    wal.saveSnapshot(snapshot);
    println(Acknowledgements.snapLine(snapshot));
    snapshotIndex = snapshot.index();
    wal.releaseLockTo(snapshot.index());
    Wal.purge(options, KEEP_SEGMENTS);
  }

  /** One write per line, unbuffered: a line is out whole before the writer goes on. */
  private void println(String line) throws IOException {
    out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
  }
}
