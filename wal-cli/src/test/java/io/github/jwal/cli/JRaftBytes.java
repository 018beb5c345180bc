package io.github.jwal.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds jraft V2 encodings byte by byte: the header, then protobuf fields as the tests ask. */
final class JRaftBytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private JRaftBytes() {}

  /** jraft's V2 header: magic bb d2, version 1, three reserved zeros. */
  static JRaftBytes header() {
    return raw(0xBB, 0xD2, 1, 0, 0, 0);
  }

  static JRaftBytes raw(int... bytes) {
    return new JRaftBytes().then(bytes);
  }

  /** Type, term, index and empty data: the smallest entry jraft writes. */
  static JRaftBytes required(int type, long term, long index) {
    return header().varint(1, type).varint(2, term).varint(3, index).bytes(6, "");
  }

  JRaftBytes then(int... bytes) {
    for (int b : bytes) {
      out.write(b);
    }
    return this;
  }

  JRaftBytes varint(long value) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.write((int) (v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.write((int) v);
    return this;
  }

  JRaftBytes key(int field, int wireType) {
    return varint((long) field << 3 | wireType);
  }

  JRaftBytes varint(int field, long value) {
    return key(field, 0).varint(value);
  }

  JRaftBytes bytes(int field, String ascii) {
    byte[] b = ascii.getBytes(StandardCharsets.US_ASCII);
    key(field, 2).varint(b.length);
    out.write(b, 0, b.length);
    return this;
  }

  byte[] build() {
    return out.toByteArray();
  }
}
