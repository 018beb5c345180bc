package io.github.jwal.codec;

import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentReader;
import java.io.IOException;
import java.util.Arrays;

/**
 * Decides whether damage in the last segment of a log, after the segment's head, is evidence that
 * synced bytes were changed: corruption, not a torn tail.
 *
 * <p>The fault model (docs/fault-model.md): a power cut keeps every byte a completed sync covered;
 * of the bytes written after it, any subset of any byte ranges may reach the disk, in any order,
 * and what did not reads as zeros (or as the old bytes, or as garbage). So a torn tail may hold
 * anything after its first damaged frame, records of the lost writes included. What a lost byte
 * range cannot leave is a change that keeps every data byte, which the CRC chain proves by linking
 * across the damage, or a CRC that one flipped bit, in a byte that is not zero, explains. Each
 * method returns the pattern it found, for the message, or {@code null} when the damage is what a
 * crash can leave.
 *
 * <p>It reads the segment anew, so it never trusts the buffer the damage was found in.
 */
final class DamageEvidence {
  /** Sector size: a lost sector can end with a length word that ends at its boundary. */
  private static final int SECTOR_BYTES = 512;

  /** Fewer zeros in a row than this are a changed byte, not a lost range (see mayBeLost). */
  private static final int SHORTEST_LOST_RUN = 4;

  /** Records larger than this are not searched for a flipped bit; their damage is judged torn. */
  private static final int MAX_SEARCH_BYTES = 16 << 20;

  /** Enough bytes of a record to read its envelope up to its data: tags and the longest varints. */
  private static final int ENVELOPE_BYTES = 1 + 10 + 1 + 10 + 1 + 10;

  private static final String SYNCED = ": synced bytes were changed, not a write a crash cut short";

  private final SegmentOpener storage;
  private final SegmentId segment;
  private final long segmentSize;

  DamageEvidence(SegmentOpener storage, SegmentId segment, long segmentSize) {
    this.storage = storage;
    this.segment = segment;
    this.segmentSize = segmentSize;
  }

  /**
   * Damage in the length word at {@code off}: zero where data follows, invalid, or stating a record
   * that cannot be there. If the record right after the word parses, continues the CRC chain from
   * {@code chain}, and is not the record the word describes, only the length word was changed: a
   * lost byte range would have taken data with it. A word that ends at a sector boundary is the
   * exception: it may be the tail of a lost sector, of zeros or of garbage.
   */
  String ofLengthWord(long off, long lengthWord, int chain) throws IOException {
    long bodyStart = off + Frames.LENGTH_WORD_BYTES;
    if (bodyStart % SECTOR_BYTES == 0) {
      return null; // the word ends a sector, which a crash may have lost whole (zeros or garbage)
    }
    Body body = bodyAt(bodyStart);
    if (body == null
        || body.crcFrom(chain) != body.crc
        || lengthWord == Frames.lengthWord(body.bytes.length)) {
      // Not checked, not linked, or the word is the one the writer wrote for this record: then the
      // segment ends inside the frame, as a write cut short ends.
      return null;
    }
    return "the record after the length word continues the CRC chain, and the word is not its"
        + SYNCED;
  }

  /**
   * A record whose frame is whole but whose data fails its CRC: {@code data[dataOffset ..
   * dataOffset + dataLength)}, which starts at {@code dataStart} in the segment. One flipped bit of
   * the stored CRC, or of a data byte a crash cannot have lost (a lost byte range reads as a run of
   * zeros, or as whole garbage that one bit explains by a chance of one in millions); or the record
   * at {@code frameEnd} continues the chain through this record's data, so only the stored CRC was
   * changed.
   */
  String ofRecord(
      byte[] data,
      int dataOffset,
      int dataLength,
      long dataStart,
      int storedCrc,
      int chainBefore,
      long frameEnd)
      throws IOException {
    int computed = Crc32c.updateByTable(chainBefore, data, dataOffset, dataLength);
    int syndrome = computed ^ storedCrc;
    if (Integer.bitCount(syndrome) == 1) {
      return "one flipped bit of the stored CRC explains it" + SYNCED;
    }
    if (dataLength <= MAX_SEARCH_BYTES) {
      long bit = Crc32c.singleBitError(syndrome, dataLength);
      if (bit >= 0 && !mayBeLost(data, dataOffset + (int) (bit >>> 3))) {
        return "one flipped bit of the byte at offset "
            + (dataStart + (bit >>> 3))
            + " explains it"
            + SYNCED;
      }
    }
    Body next = frameAt(frameEnd);
    if (next != null && next.crcFrom(computed) == next.crc) {
      return "the next record continues the CRC chain through this record's data, so only its"
          + " stored CRC changed"
          + SYNCED;
    }
    return null;
  }

  /**
   * A record whose frame is whole but that does not parse: {@code record[start .. start + length)}.
   * If one flipped bit of its envelope, in a byte a crash cannot have lost (see {@link
   * #mayBeLost}), makes it parse and continue the chain, a bit was changed.
   */
  String ofUnparseableRecord(byte[] record, int start, int length, int chainBefore) {
    byte[] copy = Arrays.copyOfRange(record, start, start + length);
    for (int i = 0; i < Math.min(length, ENVELOPE_BYTES); i++) {
      if (mayBeLost(copy, i)) {
        continue;
      }
      for (int bit = 0; bit < 8; bit++) {
        copy[i] ^= (byte) (1 << bit);
        Body fixed = parse(copy);
        boolean continues = fixed != null && fixed.crcFrom(chainBefore) == fixed.crc;
        copy[i] ^= (byte) (1 << bit);
        if (continues) {
          return "one flipped bit of its envelope, in its byte " + i + ", explains it" + SYNCED;
        }
      }
    }
    return null;
  }

  /**
   * Whether the byte at {@code i} may be one a crash lost: zero, in a run of at least {@link
   * #SHORTEST_LOST_RUN} zeros. A lost range reads as zeros; one of a save's unsynced bytes alone
   * cannot be lost, as a disk writes sectors and even LazyFS's torn writes lose parts of a whole
   * write, but one bit can flip a byte to zero among bytes that are not.
   */
  private static boolean mayBeLost(byte[] b, int i) {
    if (b[i] != 0) {
      return false;
    }
    int from = i;
    while (from > 0 && b[from - 1] == 0) {
      from--;
    }
    int to = i + 1;
    while (to < b.length && b[to] == 0) {
      to++;
    }
    return to - from >= SHORTEST_LOST_RUN;
  }

  /** A parsed record envelope: its bytes, where its data is, and its stored CRC. */
  private static final class Body {
    final byte[] bytes;
    final int dataOffset;
    final int dataLength;
    final int crc;

    Body(byte[] bytes, int dataOffset, int dataLength, int crc) {
      this.bytes = bytes;
      this.dataOffset = dataOffset;
      this.dataLength = dataLength;
      this.crc = crc;
    }

    int crcFrom(int chain) {
      return Crc32c.updateByTable(chain, bytes, dataOffset, dataLength);
    }
  }

  /** The record of the frame at {@code off}, if its length word is sound and the record parses. */
  private Body frameAt(long off) throws IOException {
    byte[] lengthWord = read(off, Frames.LENGTH_WORD_BYTES);
    if (lengthWord == null) {
      return null;
    }
    long word = Frames.getLengthWord(lengthWord, 0);
    long recordBytes = Frames.recordBytes(word);
    if (word == 0 || !Frames.validFlags(word) || recordBytes > MAX_SEARCH_BYTES) {
      return null;
    }
    byte[] record = read(off + Frames.LENGTH_WORD_BYTES, (int) recordBytes);
    return record == null ? null : parse(record);
  }

  /**
   * The record at {@code off} as etcd encodes it ({@code 08 type 10 crc 1a length data}), its
   * length taken from its own fields rather than from a length word.
   */
  private Body bodyAt(long off) throws IOException {
    byte[] head = read(off, (int) Math.min(ENVELOPE_BYTES, segmentSize - off));
    if (head == null) {
      return null;
    }
    int p = expectTag(head, 0, 0x08);
    p = expectTag(head, skipVarint(head, p), 0x10);
    p = expectTag(head, skipVarint(head, p), 0x1a);
    if (p < 0) {
      return null;
    }
    long length = 0;
    for (int shift = 0; ; shift += 7) {
      if (p >= head.length || shift > 28) {
        return null;
      }
      byte b = head[p++];
      length |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        break;
      }
    }
    if (length > MAX_SEARCH_BYTES) {
      return null;
    }
    byte[] record = read(off, (int) (p + length));
    return record == null ? null : parse(record);
  }

  /** The position after tag {@code tag} at {@code p}, or -1. */
  private static int expectTag(byte[] b, int p, int tag) {
    return p >= 0 && p < b.length && b[p] == tag ? p + 1 : -1;
  }

  /** The position after the varint at {@code p}, or -1. */
  private static int skipVarint(byte[] b, int p) {
    if (p < 0) {
      return -1;
    }
    for (int i = 0; i < 10 && p + i < b.length; i++) {
      if (b[p + i] >= 0) {
        return p + i + 1;
      }
    }
    return -1;
  }

  /** Parses an envelope that holds a crc and a data field; null if it does not. */
  private static Body parse(byte[] record) {
    try {
      ProtoReader fields = new ProtoReader(record, 0, record.length);
      Integer crc = null;
      int dataOffset = -1;
      int dataLength = 0;
      while (fields.nextField()) {
        switch (fields.fieldNumber()) {
          case 2 -> crc = (int) fields.varint();
          case 3 -> {
            dataOffset = fields.lengthDelimited();
            dataLength = fields.lastLength();
          }
          default -> fields.skip();
        }
      }
      return crc != null && dataOffset >= 0 ? new Body(record, dataOffset, dataLength, crc) : null;
    } catch (MalformedMessageException e) {
      return null;
    }
  }

  /** {@code length} bytes of the segment at {@code off}, or null if the segment ends before. */
  private byte[] read(long off, int length) throws IOException {
    if (length <= 0 || off < 0 || off + length > segmentSize) {
      return null;
    }
    byte[] out = new byte[length];
    try (SegmentReader reader = storage.openReader(segment)) {
      byte[] skipped = new byte[(int) Math.min(64 * 1024, Math.max(1, off))];
      for (long left = off; left > 0; ) {
        int n = reader.read(skipped, 0, (int) Math.min(skipped.length, left));
        if (n < 0) {
          return null;
        }
        left -= n;
      }
      for (int filled = 0; filled < length; ) {
        int n = reader.read(out, filled, length - filled);
        if (n < 0) {
          return null;
        }
        filled += n;
      }
    }
    return out;
  }
}
