package io.github.jwal.testing;

import com.google.protobuf.ByteString;
import io.github.jwal.proto.walpb.Record;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames and records built and taken apart straight from the format (docs/format.md, Frame layout
 * and walpb.Record) with protobuf-java, independently of the code under test, to check it against.
 */
public final class FrameOracle {
  private FrameOracle() {}

  /**
   * A record as protobuf-java serializes {@code walpb.Record{type, crc, data}}; no data when null.
   */
  public static byte[] record(long type, int crc, byte[] data) {
    Record.Builder record = Record.newBuilder().setType(type).setCrc(crc);
    if (data != null) {
      record.setData(ByteString.copyFrom(data));
    }
    return record.build().toByteArray();
  }

  /** The frame around {@code record}: length word, record, zero padding to a multiple of 8. */
  public static byte[] frame(byte[] record) {
    int pad = (8 - record.length % 8) % 8;
    long word = record.length;
    if (pad != 0) {
      word |= (0x80L | pad) << 56;
    }
    return ByteBuffer.allocate(8 + record.length + pad)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(word)
        .put(record)
        .array();
  }

  /** The little-endian length word at {@code offset}. */
  public static long lengthWord(byte[] segment, int offset) {
    return ByteBuffer.wrap(segment, offset, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  /** Overwrites the length word at {@code offset}. */
  public static void putLengthWord(byte[] segment, int offset, long word) {
    ByteBuffer.wrap(segment, offset, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(word);
  }

  /**
   * The start offsets of the frames of a well-formed segment, read as etcd's {@code
   * decodeFrameSize} reads length words, up to a zero length word or the end; the last element is
   * where the frames end.
   */
  public static List<Integer> frameOffsets(byte[] segment) {
    List<Integer> offsets = new ArrayList<>();
    int off = 0;
    while (off + 8 <= segment.length) {
      long word = lengthWord(segment, off);
      if (word == 0) {
        break;
      }
      long recBytes = word & 0x00FF_FFFF_FFFF_FFFFL;
      long padBytes = word < 0 ? (word >>> 56) & 0x7 : 0;
      long end = off + 8 + recBytes + padBytes;
      if (end > segment.length) {
        throw new IllegalArgumentException("frame at " + off + " runs past the end");
      }
      offsets.add(off);
      off = (int) end;
    }
    offsets.add(off);
    return offsets;
  }

  /** The record inside the frame at {@code offset}, parsed by protobuf-java. */
  public static Record recordAt(byte[] segment, int offset) {
    long word = lengthWord(segment, offset);
    int recBytes = (int) (word & 0x00FF_FFFF_FFFF_FFFFL);
    try {
      return Record.parseFrom(ByteBuffer.wrap(segment, offset + 8, recBytes));
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError("no record at offset " + offset, e);
    }
  }

  /** Concatenates arrays. */
  public static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    ByteBuffer out = ByteBuffer.allocate(n);
    for (byte[] p : parts) {
      out.put(p);
    }
    return out.array();
  }
}
