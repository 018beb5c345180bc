package io.github.jwal;

/** How far {@link Wal#repair} may go. */
public enum RepairPolicy {
  /**
   * Cut only a torn tail: damage in the last segment with nothing valid after it, which cannot have
   * been acknowledged. Anything else is reported, never cut. The default.
   */
  TORN_TAIL_ONLY,
  /**
   * Also cut from the first damaged record of the last segment when valid records follow it, as
   * etcd's {@code Repair} does. Those records may have been acknowledged: use this only after a
   * crash on storage that can persist the parts of an unsynced write out of order, or by an
   * operator's decision. A backup of the whole segment is kept.
   */
  DISCARD_DAMAGED_TAIL
}
