package io.github.jwal;

import org.jspecify.annotations.Nullable;

/**
 * What {@link Wal#repair} did.
 *
 * @param repaired whether anything was cut
 * @param segment the segment that was cut, or {@code null}
 * @param cutAt the offset it was cut at: the end of its last good record
 * @param backup the name of the full copy of the segment kept before cutting, or {@code null}
 * @param problem what was wrong, or {@code null}
 */
public record RepairResult(
    boolean repaired,
    @Nullable String segment,
    long cutAt,
    @Nullable String backup,
    @Nullable String problem) {
  /** The result of a repair that found nothing to cut. */
  public static RepairResult nothingToRepair() {
    return new RepairResult(false, null, -1, null, null);
  }
}
