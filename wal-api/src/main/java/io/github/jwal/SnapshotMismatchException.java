package io.github.jwal;

/**
 * The log holds a snapshot record at the requested index but with another term (etcd's {@code
 * ErrSnapshotMismatch}): the caller's snapshot does not belong to this log.
 */
public class SnapshotMismatchException extends WalException {
  private static final long serialVersionUID = 1L;

  public SnapshotMismatchException(Snapshot requested, Snapshot found) {
    super("snapshot mismatch: asked for " + requested + ", the log has " + found);
  }
}
