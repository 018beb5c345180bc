package io.github.jwal;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot marker as the WAL records it ({@code walpb.Snapshot}): the index and term of the last
 * entry the snapshot covers, and optionally the membership at that point. Index and term are
 * unsigned 64-bit numbers held in a {@code long}.
 *
 * @param confState the membership, or {@code null} when absent (etcd 3.4 never writes it)
 */
public record Snapshot(long index, long term, @Nullable ConfState confState) {
  /** The snapshot at index 0, term 0 that every WAL starts with. */
  public static final Snapshot ZERO = new Snapshot(0, 0, null);

  /** A marker without membership. */
  public static Snapshot of(long index, long term) {
    return new Snapshot(index, term, null);
  }

  /**
   * Whether this marker names the same point of the log (index and term; membership is ignored).
   */
  public boolean sameIndexAndTerm(Snapshot other) {
    return index == other.index && term == other.term;
  }

  @Override
  public String toString() {
    return "Snapshot{index="
        + Long.toUnsignedString(index)
        + ", term="
        + Long.toUnsignedString(term)
        + (confState == null ? "" : ", confState=" + confState)
        + "}";
  }
}
