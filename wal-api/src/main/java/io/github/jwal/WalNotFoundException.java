package io.github.jwal;

/**
 * The segments needed are not there: the location holds no segment, none starts at or before the
 * requested snapshot, or the sequence of segments has a hole (etcd's {@code ErrFileNotFound} and
 * its "do not increase continuously" error).
 */
public class WalNotFoundException extends WalException {
  private static final long serialVersionUID = 1L;

  public WalNotFoundException(String message) {
    super(message);
  }
}
