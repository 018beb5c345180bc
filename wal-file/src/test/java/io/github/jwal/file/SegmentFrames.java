package io.github.jwal.file;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A test oracle written from the format (docs/format.md, Frame layout to Record types and
 * payloads), independent of the engine's reader: walks the frames of an intact segment's bytes, to
 * find where records are and what they hold, so that tests can damage a chosen record or count
 * records from the bytes.
 */
final class SegmentFrames {
  static final long METADATA = 1;
  static final long ENTRY = 2;
  static final long STATE = 3;
  static final long CRC = 4;
  static final long SNAPSHOT = 5;

  private SegmentFrames() {}

  /**
   * One frame.
   *
   * @param offset where its length word starts
   * @param end where the next frame starts
   * @param type the record's type
   * @param data the record's data field, or {@code null} if it has none
   */
  @SuppressWarnings("ArrayRecordComponent") // never compared whole: tests read its fields
  record Frame(long offset, long end, long type, byte[] data) {
    /** The index of an entry record. */
    long entryIndex() {
      if (type != ENTRY) {
        throw new IllegalStateException("not an entry record: type " + type);
      }
      return field(data, 3);
    }

    /** The term, vote and commit of a state record. */
    long[] hardState() {
      if (type != STATE) {
        throw new IllegalStateException("not a state record: type " + type);
      }
      return new long[] {field(data, 1), field(data, 2), field(data, 3)};
    }

    /** The index and term of a snapshot record. */
    long[] snapshot() {
      if (type != SNAPSHOT) {
        throw new IllegalStateException("not a snapshot record: type " + type);
      }
      return new long[] {field(data, 1), field(data, 2)};
    }
  }

  /**
   * The frames from offset 0 up to a zero length word or the end of the bytes.
   *
   * @throws IllegalStateException if a frame runs past the end: the oracle is for intact segments
   */
  static List<Frame> of(byte[] bytes) {
    List<Frame> frames = new ArrayList<>();
    ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int off = 0;
    while (off + 8 <= bytes.length) {
      long word = le.getLong(off);
      if (word == 0) {
        break;
      }
      int recordBytes = (int) (word & 0x00FF_FFFF_FFFF_FFFFL);
      int padding = word < 0 ? (int) ((word >>> 56) & 0x7) : 0;
      int end = off + 8 + recordBytes + padding;
      if (end > bytes.length) {
        throw new IllegalStateException("frame at " + off + " runs past the end " + bytes.length);
      }
      byte[] record = Arrays.copyOfRange(bytes, off + 8, off + 8 + recordBytes);
      frames.add(new Frame(off, end, field(record, 1), lengthDelimited(record, 3)));
      off = end;
    }
    return frames;
  }

  /** The offset just after the last frame. */
  static long end(List<Frame> frames) {
    return frames.isEmpty() ? 0 : frames.get(frames.size() - 1).end();
  }

  /** The entry records among {@code frames}. */
  static List<Frame> entries(List<Frame> frames) {
    return frames.stream().filter(f -> f.type() == ENTRY).toList();
  }

  /** The frame of the entry record with this index (the last one, if several). */
  static Frame entryAt(List<Frame> frames, long index) {
    Frame found = null;
    for (Frame f : entries(frames)) {
      if (f.entryIndex() == index) {
        found = f;
      }
    }
    if (found == null) {
      throw new IllegalStateException("no entry record with index " + index);
    }
    return found;
  }

  /** The last value of varint field {@code number} in a protobuf message, 0 when absent. */
  private static long field(byte[] message, int number) {
    long value = 0;
    int[] at = {0};
    while (at[0] < message.length) {
      long key = varint(message, at);
      int wireType = (int) (key & 7);
      if (wireType == 0) {
        long v = varint(message, at);
        if (key >>> 3 == number) {
          value = v;
        }
      } else if (wireType == 2) {
        int length = (int) varint(message, at);
        at[0] += length;
      } else {
        throw new IllegalStateException("unexpected wire type " + wireType);
      }
    }
    return value;
  }

  private static byte[] lengthDelimited(byte[] message, int number) {
    byte[] value = null;
    int[] at = {0};
    while (at[0] < message.length) {
      long key = varint(message, at);
      int wireType = (int) (key & 7);
      if (wireType == 0) {
        varint(message, at);
      } else if (wireType == 2) {
        int length = (int) varint(message, at);
        if (key >>> 3 == number) {
          value = Arrays.copyOfRange(message, at[0], at[0] + length);
        }
        at[0] += length;
      } else {
        throw new IllegalStateException("unexpected wire type " + wireType);
      }
    }
    return value;
  }

  private static long varint(byte[] b, int[] at) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte next = b[at[0]++];
      value |= (long) (next & 0x7f) << shift;
      if (next >= 0) {
        return value;
      }
    }
    throw new IllegalStateException("varint too long");
  }
}
