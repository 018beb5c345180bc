package io.github.jwal.cli;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads sofa-jraft 1.4.1's V2 entry encoding ({@code LogEntryV2CodecFactory}) without jraft or
 * protobuf: a 6-byte header (magic {@code BB D2}, version 1, three reserved bytes jraft ignores),
 * then a protobuf {@code PBLogEntry}: type (1, varint), term (2), index (3), peers (4, bytes,
 * repeated), old peers (5), data (6, bytes), checksum (7, varint), learners (8), old learners (9).
 *
 * <p>Strict: it accepts what jraft 1.4.1's encoder writes and nothing else. Every required field
 * (type, term, index, data) present, each field with its declared wire type, a type jraft names
 * (0–3), varints of at most 10 bytes that fit in 64 bits, peers that jraft's {@code PeerId} parses
 * ({@link JRaftPeer}). Where protobuf would skip a field it does not know, this rejects it: such
 * bytes were not written by a jraft node. Never throws and never allocates more than the input's
 * size: every length is checked against the bytes that remain before anything is read.
 */
final class JRaftEntryDecoder {
  static final int HEADER_SIZE = 6;
  private static final int MAGIC_0 = 0xBB;
  private static final int MAGIC_1 = 0xD2;
  private static final int VERSION = 1;
  private static final int VARINT = 0;
  private static final int LENGTH_DELIMITED = 2;
  private static final int MAX_VARINT_BYTES = 10;
  private static final long MAX_FIELD_NUMBER = (1 << 29) - 1;

  private final byte[] bytes;
  private int pos = HEADER_SIZE;

  private JRaftEntryDecoder(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * The entry {@code data} encodes, or {@link JRaftSlot.Unreadable} saying why it is none.
   *
   * @param data an etcd entry's data; read, never kept (the result's data is a copy)
   */
  static JRaftSlot decode(byte[] data) {
    try {
      return new JRaftEntryDecoder(data).entry();
    } catch (Malformed e) {
      return new JRaftSlot.Unreadable(e.getMessage());
    }
  }

  private JRaftEntry entry() throws Malformed {
    if (bytes.length < HEADER_SIZE) {
      throw new Malformed("shorter than jraft's " + HEADER_SIZE + "-byte header");
    }
    if ((bytes[0] & 0xFF) != MAGIC_0 || (bytes[1] & 0xFF) != MAGIC_1) {
      throw new Malformed("no jraft V2 magic (bb d2) at the start");
    }
    if (bytes[2] != VERSION) {
      throw new Malformed("jraft V2 codec version " + (bytes[2] & 0xFF) + ", not " + VERSION);
    }
    JRaftEntry.Type type = null;
    Long term = null;
    Long index = null;
    ByteBuffer payload = null;
    List<String> peers = new ArrayList<>();
    List<String> oldPeers = new ArrayList<>();
    List<String> learners = new ArrayList<>();
    List<String> oldLearners = new ArrayList<>();
    while (pos < bytes.length) {
      int at = pos;
      long key = varint();
      if (key >>> 3 > MAX_FIELD_NUMBER) {
        throw new Malformed("a field number too large at byte " + at);
      }
      int field = (int) (key >>> 3);
      int wireType = (int) (key & 7);
      switch (field) {
        case 1 -> type = type(expect(field, wireType, VARINT).varint(), at);
        case 2 -> term = expect(field, wireType, VARINT).varint();
        case 3 -> index = expect(field, wireType, VARINT).varint();
        case 4 -> peers.add(expect(field, wireType, LENGTH_DELIMITED).peer());
        case 5 -> oldPeers.add(expect(field, wireType, LENGTH_DELIMITED).peer());
        case 6 -> payload = expect(field, wireType, LENGTH_DELIMITED).payload();
        case 7 -> expect(field, wireType, VARINT).varint(); // the checksum: jraft's, not checked
        case 8 -> learners.add(expect(field, wireType, LENGTH_DELIMITED).peer());
        case 9 -> oldLearners.add(expect(field, wireType, LENGTH_DELIMITED).peer());
        default -> throw new Malformed("field " + field + " at byte " + at + ", not in PBLogEntry");
      }
    }
    if (type == null || term == null || index == null || payload == null) {
      throw new Malformed("no " + missing(type, term, index) + " field (required in PBLogEntry)");
    }
    return new JRaftEntry(type, term, index, peers, oldPeers, learners, oldLearners, payload);
  }

  private static String missing(Object type, Object term, Object index) {
    if (type == null) {
      return "type";
    }
    if (term == null) {
      return "term";
    }
    return index == null ? "index" : "data";
  }

  private JRaftEntryDecoder expect(int field, int wireType, int expected) throws Malformed {
    if (wireType != expected) {
      throw new Malformed(
          "field "
              + field
              + " has wire type "
              + wireType
              + ", not "
              + expected
              + " as in PBLogEntry");
    }
    return this;
  }

  private static JRaftEntry.Type type(long number, int at) throws Malformed {
    JRaftEntry.Type[] types = JRaftEntry.Type.values();
    if (number < 0 || number >= types.length) {
      throw new Malformed("entry type " + Long.toUnsignedString(number) + " at byte " + at);
    }
    return types[(int) number];
  }

  /** A base-128 varint; protobuf writes at most 10 bytes, the tenth carrying the 64th bit. */
  private long varint() throws Malformed {
    int start = pos;
    long value = 0;
    for (int i = 0; ; i++) {
      if (pos >= bytes.length) {
        throw new Malformed("a varint cut short at byte " + start);
      }
      int b = bytes[pos++] & 0xFF;
      if (i == MAX_VARINT_BYTES - 1 && b > 1) {
        throw new Malformed("a varint wider than 64 bits at byte " + start);
      }
      value |= (long) (b & 0x7F) << (7 * i);
      if (b < 0x80) {
        return value;
      }
    }
  }

  /** The length of a length-delimited field, once it is known to fit in what remains. */
  private int length() throws Malformed {
    int at = pos;
    long length = varint();
    if (Long.compareUnsigned(length, bytes.length - pos) > 0) {
      throw new Malformed(
          "a length of "
              + Long.toUnsignedString(length)
              + " at byte "
              + at
              + ", past the end ("
              + (bytes.length - pos)
              + " bytes remain)");
    }
    return (int) length;
  }

  private String peer() throws Malformed {
    int at = pos;
    int length = length();
    for (int i = pos; i < pos + length; i++) {
      if (bytes[i] <= 0x20 || bytes[i] > 0x7E) {
        throw new Malformed("a peer that is not printable ASCII without spaces at byte " + at);
      }
    }
    String peer = new String(bytes, pos, length, StandardCharsets.US_ASCII);
    if (!JRaftPeer.parses(peer)) {
      throw new Malformed("a peer that is not host:port[:index[:priority]] at byte " + at);
    }
    pos += length;
    return peer;
  }

  private ByteBuffer payload() throws Malformed {
    int length = length();
    byte[] copy = new byte[length];
    System.arraycopy(bytes, pos, copy, 0, length);
    pos += length;
    return ByteBuffer.wrap(copy).asReadOnlyBuffer();
  }

  /** Why the bytes are not a jraft entry; stackless, as it is an answer, not a bug. */
  private static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String reason) {
      super(reason, null, false, false);
    }
  }
}
