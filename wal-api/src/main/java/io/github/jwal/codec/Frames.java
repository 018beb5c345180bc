package io.github.jwal.codec;

/**
 * The frame around every record: an 8-byte little-endian length word, the record, and 0–7 zero
 * bytes of padding so that the next length word is 8-aligned and never straddles a sector. The
 * length word's top byte is {@code 0x80 | padding} when there is padding, 0 otherwise; the low 56
 * bits are the record's length (etcd's {@code encodeFrameSize}/{@code decodeFrameSize}).
 */
public final class Frames {
  /** The length word's size. */
  public static final int LENGTH_WORD_BYTES = 8;

  /** The largest record length a length word can state. */
  public static final long MAX_RECORD_BYTES = (1L << 56) - 1;

  private Frames() {}

  /** Padding that brings {@code recordBytes} to a multiple of 8. */
  public static int padding(long recordBytes) {
    return (int) ((8 - recordBytes % 8) % 8);
  }

  /** The length word for a record of {@code recordBytes}. */
  public static long lengthWord(long recordBytes) {
    int pad = padding(recordBytes);
    return pad == 0 ? recordBytes : recordBytes | ((0x80L | pad) << 56);
  }

  /** The record length a length word states (its top byte masked off, as etcd does). */
  public static long recordBytes(long lengthWord) {
    return lengthWord & MAX_RECORD_BYTES;
  }

  /** The padding a length word states: the low 3 bits of its top byte when the flag bit is set. */
  public static int paddingBytes(long lengthWord) {
    return lengthWord < 0 ? (int) ((lengthWord >>> 56) & 0x7) : 0;
  }

  /** Whether the length word has only flags etcd writes, and consistent padding. */
  static boolean validFlags(long word) {
    int top = (int) (word >>> 56);
    if (top == 0) {
      return true;
    }
    if ((top & 0xF8) != 0x80) {
      return false;
    }
    return (recordBytes(word) + paddingBytes(word)) % 8 == 0;
  }

  static void putLengthWord(byte[] buf, int pos, long word) {
    for (int i = 0; i < 8; i++) {
      buf[pos + i] = (byte) (word >>> (8 * i));
    }
  }

  static long getLengthWord(byte[] buf, int pos) {
    long word = 0;
    for (int i = 7; i >= 0; i--) {
      word = (word << 8) | (buf[pos + i] & 0xFF);
    }
    return word;
  }
}
