package io.github.jwal.codec;

/** Bytes that are not a well-formed protobuf message of the expected shape. */
public final class MalformedMessageException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedMessageException(String message) {
    super(message, null, false, false);
  }
}
