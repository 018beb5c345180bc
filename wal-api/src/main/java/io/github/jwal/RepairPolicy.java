package io.github.jwal;

/** How far {@link Wal#repair} may go. The fault model behind the rules: docs/fault-model.md. */
public enum RepairPolicy {
  /**
   * Cut only a torn tail ({@link TornTailException}): damage in the last segment, after its head,
   * that a power cut during unsynced writes explains, so nothing after it was acknowledged,
   * whatever fragments of those writes follow it. Corruption, damage that shows synced bytes were
   * changed, is reported and never cut. The default: every log a power cut leaves opens after it.
   */
  TORN_TAIL_ONLY,
  /**
   * Also cut from corruption in the last segment, as etcd's {@code Repair} cuts any damage there.
   * The records from the damage on were synced, so they may have been acknowledged: use this only
   * by an operator's decision, after keeping what the backup of the whole segment holds.
   */
  DISCARD_DAMAGED_TAIL
}
