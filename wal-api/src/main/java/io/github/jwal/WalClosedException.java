package io.github.jwal;

import org.jspecify.annotations.Nullable;

/**
 * The log was closed, or a write or sync failed earlier and the log refuses further work until it
 * is reopened ({@link #isPoisoned()}). After a failed sync nothing written since the previous
 * successful sync is acknowledged: retrying the sync could report success for data the kernel
 * already dropped.
 */
public class WalClosedException extends WalException {
  private static final long serialVersionUID = 1L;

  private final boolean poisoned;

  private WalClosedException(String message, @Nullable Throwable cause, boolean poisoned) {
    super(message, cause);
    this.poisoned = poisoned;
  }

  /** The log was closed by its owner. */
  public static WalClosedException closed() {
    return new WalClosedException("the write-ahead log is closed", null, false);
  }

  /** An earlier write or sync failed with {@code cause}; the log must be reopened. */
  public static WalClosedException poisoned(Throwable cause) {
    return new WalClosedException(
        "the write-ahead log failed earlier and must be reopened: " + cause, cause, true);
  }

  /** Whether the log was closed because an earlier write or sync failed. */
  public boolean isPoisoned() {
    return poisoned;
  }
}
