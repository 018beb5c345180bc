package io.github.jwal.codec;

/**
 * A cursor over the fields of one protobuf message held in a byte array, for the few small messages
 * the WAL stores. It never reads outside {@code [offset, offset + length)} and reports malformed
 * input as {@link MalformedMessageException}. Unknown fields, including groups, are skipped with
 * {@link #skip()}.
 *
 * <p>Usage: {@code while (r.nextField()) switch (r.fieldNumber()) { case 1 -> x = r.varint(); …
 * default -> r.skip(); }}
 */
public final class ProtoReader {
  public static final int VARINT = 0;
  public static final int FIXED64 = 1;
  public static final int LENGTH_DELIMITED = 2;
  public static final int START_GROUP = 3;
  public static final int END_GROUP = 4;
  public static final int FIXED32 = 5;

  private static final int MAX_GROUP_DEPTH = 64;

  private final byte[] buf;
  private final int end;
  private int pos;
  private int fieldNumber;
  private int wireType;
  private int lastLength;

  public ProtoReader(byte[] buf, int offset, int length) {
    if (offset < 0 || length < 0 || offset > buf.length - length) {
      throw new IllegalArgumentException(
          "range " + offset + "+" + length + " outside " + buf.length);
    }
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
  }

  /** Moves to the next field; false at the end of the message. */
  public boolean nextField() throws MalformedMessageException {
    if (pos == end) {
      return false;
    }
    long key = varint64();
    fieldNumber = (int) (key >>> 3);
    wireType = (int) (key & 7);
    if ((key >>> 3) == 0 || (key >>> 3) > 0x1FFF_FFFF) {
      throw new MalformedMessageException("invalid field number " + (key >>> 3));
    }
    return true;
  }

  public int fieldNumber() {
    return fieldNumber;
  }

  public int wireType() {
    return wireType;
  }

  /** The current field as an unsigned 64-bit varint. */
  public long varint() throws MalformedMessageException {
    expect(VARINT);
    return varint64();
  }

  /**
   * The current length-delimited field: returns its offset in the array and leaves its length in
   * {@link #lastLength()}.
   */
  public int lengthDelimited() throws MalformedMessageException {
    expect(LENGTH_DELIMITED);
    int length = length();
    int start = pos;
    pos += length;
    lastLength = length;
    return start;
  }

  /** The length of the field {@link #lengthDelimited()} returned last. */
  public int lastLength() {
    return lastLength;
  }

  /** The underlying array, for reading a length-delimited field in place. */
  public byte[] array() {
    return buf;
  }

  /** For a packed repeated field read with a reader over its bytes: whether a value remains. */
  public boolean hasMoreVarints() {
    return pos < end;
  }

  /** For a packed repeated field: the next value. */
  public long nextPackedVarint() throws MalformedMessageException {
    return varint64();
  }

  /** Skips the current field, whatever its wire type. */
  public void skip() throws MalformedMessageException {
    skip(wireType, fieldNumber, 0);
  }

  private void skip(int type, int number, int depth) throws MalformedMessageException {
    switch (type) {
      case VARINT -> varint64();
      case FIXED64 -> advance(8);
      case LENGTH_DELIMITED -> advance(length());
      case FIXED32 -> advance(4);
      case START_GROUP -> skipGroup(number, depth + 1);
      default -> throw new MalformedMessageException("unexpected wire type " + type);
    }
  }

  private void skipGroup(int number, int depth) throws MalformedMessageException {
    if (depth > MAX_GROUP_DEPTH) {
      throw new MalformedMessageException("groups nested deeper than " + MAX_GROUP_DEPTH);
    }
    while (true) {
      if (pos == end) {
        throw new MalformedMessageException("group " + number + " is not closed");
      }
      long key = varint64();
      int innerType = (int) (key & 7);
      int innerNumber = (int) (key >>> 3);
      if (innerType == END_GROUP) {
        if (innerNumber != number) {
          throw new MalformedMessageException("group " + number + " closed as " + innerNumber);
        }
        return;
      }
      skip(innerType, innerNumber, depth);
    }
  }

  private void expect(int type) throws MalformedMessageException {
    if (wireType != type) {
      throw new MalformedMessageException(
          "field " + fieldNumber + " has wire type " + wireType + ", expected " + type);
    }
  }

  private int length() throws MalformedMessageException {
    long length = varint64();
    if (length < 0 || length > end - pos) { // above 2^63 the unsigned length is negative as a long
      throw new MalformedMessageException(
          "field "
              + fieldNumber
              + " claims "
              + Long.toUnsignedString(length)
              + " bytes, "
              + (end - pos)
              + " remain");
    }
    return (int) length;
  }

  private void advance(int n) throws MalformedMessageException {
    if (n > end - pos) {
      throw new MalformedMessageException("field " + fieldNumber + " runs past the message end");
    }
    pos += n;
  }

  private long varint64() throws MalformedMessageException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos == end) {
        throw new MalformedMessageException("varint runs past the message end");
      }
      byte b = buf[pos++];
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new MalformedMessageException("varint longer than 10 bytes");
  }
}
