package io.github.jwal.memory;

import java.util.Objects;

/** Argument checks that fail with a message instead of an index exception from deep inside. */
final class Ranges {
  private Ranges() {}

  static void checkArrayRange(byte[] b, int off, int len) {
    Objects.requireNonNull(b, "b");
    if (off < 0 || len < 0 || off > b.length - len) {
      throw new IllegalArgumentException(
          "off " + off + " and len " + len + " do not fit an array of " + b.length + " bytes");
    }
  }
}
