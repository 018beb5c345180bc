package io.github.jwal;

/** The kind of a raft log entry, with etcd's {@code raftpb.EntryType} numbers. */
public enum EntryType {
  /** An ordinary command for the state machine ({@code EntryNormal}, 0). */
  NORMAL(0),
  /** A membership change ({@code EntryConfChange}, 1). */
  CONF_CHANGE(1),
  /** A joint-consensus membership change ({@code EntryConfChangeV2}, 2). */
  CONF_CHANGE_V2(2);

  private final int number;

  EntryType(int number) {
    this.number = number;
  }

  /** The number written on disk. */
  public int number() {
    return number;
  }

  /**
   * The type with that on-disk number.
   *
   * @throws IllegalArgumentException if no type has that number
   */
  public static EntryType forNumber(long number) {
    for (EntryType type : values()) {
      if (type.number == number) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown entry type " + number);
  }
}
