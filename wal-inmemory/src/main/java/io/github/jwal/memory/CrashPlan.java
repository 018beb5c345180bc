package io.github.jwal.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a simulated power loss ({@link InMemoryVolume#crash}) does to the bytes of each segment that
 * were written but not synced. Synced bytes always survive; staged segments always vanish.
 *
 * <p>The unsynced bytes of a segment are split into blocks at multiples of {@link #granularity()}
 * (offsets in the segment, as a disk's sectors or a file system's pages are aligned). The
 * {@link #mode()} decides which blocks reach the disk; the {@link #fill()} decides what is found
 * where a block did not.
 *
 * <p>{@link #loseUnsynced()}, {@link #keepUnsynced()}, {@link #keepPrefix()} and {@code tear} with
 * {@link Fill#OLD} stay within the storage contract (bytes never written never appear, except zeros
 * in preallocated space). {@link Fill#ZERO} and {@link Fill#GARBAGE} model disks and file systems
 * that break it, to check that the engine detects what they leave.
 *
 * @param mode which unsynced blocks survive
 * @param granularity the block size in bytes, positive: 1 (bytes), 512 (sectors), 4096 (pages)
 * @param fill what a block that did not survive reads as
 */
public record CrashPlan(Mode mode, int granularity, Fill fill) {
  private static final int SECTOR = 512;
  private static final int PAGE = 4096;

  /** Which unsynced blocks reach the disk before the power goes. */
  public enum Mode {
    /** None: the segment is as it was at its last sync. */
    LOSE_UNSYNCED,
    /** All: as if every write had been synced. */
    KEEP_UNSYNCED,
    /** A random number of leading blocks, written back in order. */
    KEEP_PREFIX,
    /** Each block independently, with probability one half: a torn write. */
    TEAR
  }

  /** What a block that did not reach the disk reads as after the crash. */
  public enum Fill {
    /** Zeros: the file's size reached the disk but its data did not. */
    ZERO,
    /** Random bytes: the file's size reached the disk over stale blocks. */
    GARBAGE,
    /**
     * What the durable image held there: zeros in preallocated space; beyond the durable size the
     * block is absent, so the segment ends at the last block that survived.
     */
    OLD
  }

  public CrashPlan {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(fill, "fill");
    if (granularity <= 0) {
      throw new IllegalArgumentException("granularity must be positive: " + granularity);
    }
  }

  /** Every unsynced byte is lost: the honest outcome of a crash that the contract plans for. */
  public static CrashPlan loseUnsynced() {
    return new CrashPlan(Mode.LOSE_UNSYNCED, 1, Fill.OLD);
  }

  /** Every unsynced byte survives, as if the page cache had been written back just in time. */
  public static CrashPlan keepUnsynced() {
    return new CrashPlan(Mode.KEEP_UNSYNCED, 1, Fill.OLD);
  }

  /** A random prefix of each segment's unsynced bytes survives, to the byte. */
  public static CrashPlan keepPrefix() {
    return new CrashPlan(Mode.KEEP_PREFIX, 1, Fill.OLD);
  }

  /**
   * Each {@code granularity}-byte block of unsynced bytes independently survives or is replaced
   * by {@code fill}.
   *
   * @throws IllegalArgumentException if {@code granularity} is not positive
   */
  public static CrashPlan tear(int granularity, Fill fill) {
    return new CrashPlan(Mode.TEAR, granularity, fill);
  }

  /**
   * The plans a thorough crash test runs: the three untorn ones, then tears at byte, sector and page
   * granularity with every fill.
   */
  public static List<CrashPlan> all() {
    List<CrashPlan> plans = new ArrayList<>(List.of(loseUnsynced(), keepUnsynced(), keepPrefix()));
    for (int granularity : new int[] {1, SECTOR, PAGE}) {
      for (Fill fill : Fill.values()) {
        plans.add(tear(granularity, fill));
      }
    }
    return List.copyOf(plans);
  }

  /** For example {@code TEAR(512, GARBAGE)} or {@code LOSE_UNSYNCED(1, OLD)}. */
  @Override
  public String toString() {
    return mode + "(" + granularity + ", " + fill + ")";
  }
}
