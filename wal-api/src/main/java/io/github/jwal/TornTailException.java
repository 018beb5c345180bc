package io.github.jwal;

/**
 * The last record of the last segment is incomplete, and nothing valid follows it: the signature of a
 * write that a crash interrupted before it was synced, so it cannot have been acknowledged.
 *
 * <p>A writer must not append after it; {@link Wal#repair} cuts it away (keeping a backup), after
 * which the log opens. etcd reports this case as {@code io.ErrUnexpectedEOF}.
 */
public class TornTailException extends WalCorruptException {
  private static final long serialVersionUID = 1L;

  public TornTailException(String segment, long offset, String problem) {
    super(segment, offset, "torn tail: " + problem);
  }
}
