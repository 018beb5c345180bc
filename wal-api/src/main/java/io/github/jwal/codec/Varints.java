package io.github.jwal.codec;

/** Protobuf base-128 varints, unsigned 64-bit. */
final class Varints {
  private Varints() {}

  /** How many bytes {@code value} takes as a varint (1 to 10). */
  static int size(long value) {
    int bits = 64 - Long.numberOfLeadingZeros(value | 1);
    return (bits + 6) / 7;
  }

  /** Writes {@code value} at {@code pos}; returns the position after it. */
  static int write(byte[] buf, int pos, long value) {
    while ((value & ~0x7FL) != 0) {
      buf[pos++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buf[pos++] = (byte) value;
    return pos;
  }
}
