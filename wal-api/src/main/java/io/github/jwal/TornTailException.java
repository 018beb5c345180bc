package io.github.jwal;

/**
 * The last segment is damaged after its head in a way a power cut during unsynced writes explains:
 * the bytes of those writes reached the disk in part, in any order, and nothing shows that synced
 * bytes were changed (docs/fault-model.md). So nothing from the damage on was acknowledged, even if
 * fragments of those writes follow it.
 *
 * <p>A writer must not append after it; {@link Wal#repair} cuts it away (keeping a backup), after
 * which the log opens. etcd reports this case as {@code io.ErrUnexpectedEOF}, or reads it silently
 * as the end of the log.
 */
public class TornTailException extends WalCorruptException {
  private static final long serialVersionUID = 1L;

  public TornTailException(String segment, long offset, String problem) {
    super(segment, offset, "torn tail: " + problem);
  }
}
