package io.github.jwal;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** The base of every failure jwal reports about a write-ahead log. */
public class WalException extends IOException {
  private static final long serialVersionUID = 1L;

  public WalException(String message) {
    super(message);
  }

  public WalException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
