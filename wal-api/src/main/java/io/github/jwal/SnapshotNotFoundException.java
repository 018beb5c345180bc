package io.github.jwal;

/**
 * No snapshot record in the log matches the snapshot the log was opened at (etcd's {@code
 * ErrSnapshotNotFound}). Unlike etcd, jwal reports this in write mode too.
 *
 * <p>The log was otherwise read completely; {@link #contents()} holds what was read, as etcd
 * returns it alongside the error.
 */
public class SnapshotNotFoundException extends WalException {
  private static final long serialVersionUID = 1L;

  private final transient WalContents contents;

  public SnapshotNotFoundException(Snapshot requested, WalContents contents) {
    super("snapshot not found: no snapshot record matches " + requested);
    this.contents = contents;
  }

  /** What was read from the log. */
  public WalContents contents() {
    return contents;
  }
}
