package io.github.jwal.internal;

/**
 * Recognizes the start of a frame as etcd writes it from its first bytes alone: a length word with
 * valid flags, then a record envelope {@code 08 <type 1..5> 10 <crc> [1a <len>]} whose field lengths
 * add up exactly to the length word. Zeros never match, and random bytes match with negligible
 * probability.
 *
 * <p>This is the evidence that tells a torn tail from corruption: a damaged record followed by
 * something that looks like this was followed by real data, so the damage is not a torn write.
 */
final class FrameHeader {
  /** Bytes of a frame needed to recognize it: the length word and the envelope up to the data. */
  static final int PROBE_BYTES = Frames.LENGTH_WORD_BYTES + 1 + 10 + 1 + 10 + 1 + 10;

  private FrameHeader() {}

  /** Whether the length word has only flags etcd writes, and consistent padding. */
  static boolean validFlags(long word) {
    int top = (int) (word >>> 56);
    if (top == 0) {
      return true;
    }
    if ((top & 0xF8) != 0x80) {
      return false;
    }
    return (Frames.recordBytes(word) + Frames.paddingBytes(word)) % 8 == 0;
  }

  /**
   * Whether {@code b[off .. off + avail)} starts a plausible frame that ends within
   * {@code bytesToEndOfSegment} bytes.
   */
  static boolean looksLikeFrame(byte[] b, int off, int avail, long bytesToEndOfSegment) {
    if (avail < Frames.LENGTH_WORD_BYTES) {
      return false;
    }
    long word = Frames.getLengthWord(b, off);
    if (word == 0 || !validFlags(word)) {
      return false;
    }
    long recordBytes = Frames.recordBytes(word);
    long frameBytes = Frames.LENGTH_WORD_BYTES + recordBytes + Frames.paddingBytes(word);
    if (recordBytes < 4 || frameBytes > bytesToEndOfSegment) {
      return false;
    }
    int p = off + Frames.LENGTH_WORD_BYTES;
    int end = off + avail;
    if (p + 2 > end || b[p] != 0x08 || b[p + 1] < RecordType.METADATA || b[p + 1] > RecordType.SNAPSHOT) {
      return false;
    }
    int type = b[p + 1];
    p += 2;
    if (p >= end || b[p++] != 0x10) {
      return false;
    }
    int crcBytes = varintLength(b, p, end, 5);
    if (crcBytes < 0) {
      return false;
    }
    p += crcBytes;
    long consumed = p - (off + Frames.LENGTH_WORD_BYTES);
    if (consumed == recordBytes) {
      return type == RecordType.CRC || type == RecordType.METADATA;
    }
    if (type == RecordType.CRC || p >= end || b[p++] != 0x1a) {
      return false;
    }
    int lenStart = p;
    int lenBytes = varintLength(b, p, end, 10);
    if (lenBytes < 0) {
      return false;
    }
    long dataLength = 0;
    for (int i = lenBytes - 1; i >= 0; i--) {
      dataLength = (dataLength << 7) | (b[lenStart + i] & 0x7F);
    }
    return consumed + 1 + lenBytes + dataLength == recordBytes;
  }

  /** The length of the varint at {@code p}, or -1 if it does not end within {@code max} bytes. */
  private static int varintLength(byte[] b, int p, int end, int max) {
    for (int i = 0; i < max && p + i < end; i++) {
      if (b[p + i] >= 0) {
        return i + 1;
      }
    }
    return -1;
  }
}
