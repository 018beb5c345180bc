package io.github.jwal;

/**
 * Raft's persistent state: current term, the vote cast in it, and the commit index. All three are
 * unsigned 64-bit numbers held in a {@code long}.
 *
 * <p>The all-zero state is "empty": saving it writes nothing, as in etcd.
 */
public record HardState(long term, long vote, long commit) {
  /** The all-zero state. */
  public static final HardState EMPTY = new HardState(0, 0, 0);

  /** Whether term, vote and commit are all zero. */
  public boolean isEmpty() {
    return term == 0 && vote == 0 && commit == 0;
  }

  @Override
  public String toString() {
    return "HardState{term="
        + Long.toUnsignedString(term)
        + ", vote="
        + Long.toUnsignedString(vote)
        + ", commit="
        + Long.toUnsignedString(commit)
        + "}";
  }
}
