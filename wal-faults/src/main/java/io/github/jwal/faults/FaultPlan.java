package io.github.jwal.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a simulated power loss does to what was not yet durable: the bytes written to files since
 * their last sync, and the directory changes (create, rename, delete) since their directory's last
 * sync. Synced bytes and synced directory entries always survive. {@link CrashImage} carries it out
 * for one file's bytes; the kit's crash layer for directories too, the in-memory backend (which has
 * no directories: a publish is durable at once) for its segments. The model behind it is
 * docs/fault-model.md.
 *
 * <p>Unsynced writes are cut into pieces at multiples of {@link #granularity()} (file offsets, as a
 * disk's sectors or a page cache's pages are aligned). {@link #data()} decides which pieces reach
 * the disk, in the order they were written; {@link #fill()} decides what is found where a piece did
 * not. {@link #directories()} decides which unsynced directory changes survive.
 *
 * <p>The plans {@link #withinContract()} leave only bytes that were written or zeros (the storage
 * contract's rule that bytes never written never appear); {@link Fill#ZERO} and {@link
 * Fill#GARBAGE} with lost pieces model disks that break that rule, to check that the engine detects
 * what they leave.
 *
 * @param data which unsynced pieces survive
 * @param granularity the piece size in bytes, positive: 1 (bytes), 512 (sectors), 4096 (pages)
 * @param fill what a piece that did not survive reads as
 * @param directories which unsynced directory changes survive
 */
public record FaultPlan(Data data, int granularity, Fill fill, Directories directories) {
  /** Sectors and pages: the pieces a disk and a page cache write back, in any order. */
  private static final int[] TEAR_GRANULARITIES = {512, 4096};

  /** Which unsynced pieces of file data reach the disk before the power goes. */
  public enum Data {
    /** None: every file is as it was at its last sync. */
    LOSE_UNSYNCED,
    /** All: as if every file had been synced just in time. */
    KEEP_UNSYNCED,
    /** A random number of leading pieces, in the order they were written. */
    KEEP_PREFIX,
    /** Each piece independently, with probability one half: torn and reordered writes. */
    KEEP_ANY_SUBSET
  }

  /** What a piece of data that did not reach the disk reads as after the crash. */
  public enum Fill {
    /** Zeros: the file's size reached the disk, its data did not. */
    ZERO,
    /** Random bytes: the file's size reached the disk over stale blocks. */
    GARBAGE,
    /** What the disk held there before: the old bytes, or nothing past the old end of the file. */
    OLD
  }

  /** Which directory changes not covered by a directory sync survive. */
  public enum Directories {
    /** None: every directory lists what it listed at its last sync. */
    DROP_UNSYNCED,
    /** All: as if every directory had been synced just in time. */
    KEEP_UNSYNCED,
    /**
     * Each directory independently keeps all its unsynced changes or none (renames stay atomic).
     */
    ANY_PER_DIRECTORY
  }

  public FaultPlan {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(fill, "fill");
    Objects.requireNonNull(directories, "directories");
    if (granularity <= 0) {
      throw new IllegalArgumentException("granularity must be positive: " + granularity);
    }
  }

  /** Every unsynced write and directory change is lost: the outcome the contract plans for. */
  public static FaultPlan loseUnsynced() {
    return new FaultPlan(Data.LOSE_UNSYNCED, 1, Fill.OLD, Directories.DROP_UNSYNCED);
  }

  /** Every unsynced write and directory change survives. */
  public static FaultPlan keepUnsynced() {
    return new FaultPlan(Data.KEEP_UNSYNCED, 1, Fill.OLD, Directories.KEEP_UNSYNCED);
  }

  /**
   * A random prefix of the unsynced writes survives, to the byte; unsynced directory changes do
   * not.
   */
  public static FaultPlan keepPrefix() {
    return new FaultPlan(Data.KEEP_PREFIX, 1, Fill.OLD, Directories.DROP_UNSYNCED);
  }

  /**
   * Each {@code granularity}-byte piece of the unsynced writes independently survives or reads as
   * {@code fill}; each directory keeps its unsynced changes or not.
   */
  public static FaultPlan tear(int granularity, Fill fill) {
    return new FaultPlan(Data.KEEP_ANY_SUBSET, granularity, fill, Directories.ANY_PER_DIRECTORY);
  }

  /** This plan with another directory outcome. */
  public FaultPlan withDirectories(Directories outcome) {
    return new FaultPlan(data, granularity, fill, outcome);
  }

  /**
   * Whether the plan leaves only bytes that were written, or zeros where nothing was: true unless
   * lost pieces may read as {@link Fill#ZERO} or {@link Fill#GARBAGE}.
   */
  public boolean withinContract() {
    return fill == Fill.OLD || data == Data.KEEP_UNSYNCED;
  }

  /**
   * The plans a thorough crash campaign draws from: the untorn ones (the prefix cut to the byte)
   * under every directory outcome, then tears at sector and page granularity with every fill. No
   * plan tears single bytes out of a write: no disk loses one byte among kept ones (see
   * docs/fault-model.md), and a lost byte among kept ones is what a flipped bit looks like.
   */
  public static List<FaultPlan> all() {
    List<FaultPlan> plans = new ArrayList<>();
    for (Directories directories : Directories.values()) {
      plans.add(loseUnsynced().withDirectories(directories));
      plans.add(keepUnsynced().withDirectories(directories));
      plans.add(keepPrefix().withDirectories(directories));
    }
    for (int granularity : TEAR_GRANULARITIES) {
      for (Fill fill : Fill.values()) {
        plans.add(tear(granularity, fill));
      }
    }
    return List.copyOf(plans);
  }

  /** The plans of {@link #all()} that are {@link #withinContract()}. */
  public static List<FaultPlan> allWithinContract() {
    return all().stream().filter(FaultPlan::withinContract).toList();
  }

  /** For example {@code KEEP_ANY_SUBSET/512/GARBAGE/ANY_PER_DIRECTORY}. */
  @Override
  public String toString() {
    return data + "/" + granularity + "/" + fill + "/" + directories;
  }
}
