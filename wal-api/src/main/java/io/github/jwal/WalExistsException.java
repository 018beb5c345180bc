package io.github.jwal;

/** {@link Wal#create} found a log already at the location (etcd returns {@code os.ErrExist}). */
public class WalExistsException extends WalException {
  private static final long serialVersionUID = 1L;

  public WalExistsException(String location) {
    super("a write-ahead log already exists at " + location);
  }
}
