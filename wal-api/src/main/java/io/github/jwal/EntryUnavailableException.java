package io.github.jwal;

/**
 * A read by index asked for an entry the log does not hold: compacted away (below {@link
 * #firstIndex()}), or not written yet (above {@link #lastIndex()}). The log is fine; the bounds say
 * which side the index fell on, as they were when the read was refused.
 */
public class EntryUnavailableException extends WalException {
  private static final long serialVersionUID = 1L;

  private final long index;
  private final long firstIndex;
  private final long lastIndex;

  public EntryUnavailableException(long index, long firstIndex, long lastIndex) {
    super(
        "entry "
            + Long.toUnsignedString(index)
            + " is not in the log, which holds "
            + (lastIndex < firstIndex
                ? "no entries (the next is " + Long.toUnsignedString(firstIndex) + ")"
                : "entries "
                    + Long.toUnsignedString(firstIndex)
                    + " to "
                    + Long.toUnsignedString(lastIndex))
            + (Long.compareUnsigned(index, firstIndex) < 0 ? ": it was compacted" : ""));
    this.index = index;
    this.firstIndex = firstIndex;
    this.lastIndex = lastIndex;
  }

  /** The index asked for. */
  public long index() {
    return index;
  }

  /** The log's first index when the read was refused. */
  public long firstIndex() {
    return firstIndex;
  }

  /** The log's last index when the read was refused; {@code firstIndex() - 1} if it held none. */
  public long lastIndex() {
    return lastIndex;
  }

  /** Whether the entry was compacted away, rather than not written yet. */
  public boolean isCompacted() {
    return Long.compareUnsigned(index, firstIndex) < 0;
  }
}
