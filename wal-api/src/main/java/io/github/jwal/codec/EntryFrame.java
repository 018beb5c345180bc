package io.github.jwal.codec;

import io.github.jwal.CrcMismatchException;
import io.github.jwal.Entry;
import io.github.jwal.WalCorruptException;

/**
 * Decodes one entry record on its own, where a log's index says it lies: its frame, envelope, CRC
 * and payload checked as a replay checks them, with the chain value before the record (which the
 * index keeps) in place of the records before it. The entry must be the one the index expects, so a
 * read that lands on other bytes is damage, never another entry returned as data.
 *
 * <p>Not thread-safe; one instance per reading thread.
 */
public final class EntryFrame {
  private final RecordEnvelope envelope = new RecordEnvelope();
  private final PayloadDecoder.EntryHeader header = new PayloadDecoder.EntryHeader();
  private final Crc32c crc32c = new Crc32c();
  private int frameBytes;

  /**
   * The frame's length, length word and padding included, from the length word at {@code off}; 0 if
   * the word is zero, negative if it is not a valid word or the frame is longer than jwal reads.
   */
  public static long frameBytes(byte[] b, int off) {
    long word = Frames.getLengthWord(b, off);
    if (word == 0) {
      return 0;
    }
    long recordBytes = Frames.recordBytes(word);
    if (!Frames.validFlags(word)
        || recordBytes == 0
        || recordBytes > Integer.MAX_VALUE - 2 * Frames.LENGTH_WORD_BYTES) {
      return -1;
    }
    return Frames.LENGTH_WORD_BYTES + recordBytes + Frames.paddingBytes(word);
  }

  /** The length of the frame {@link #decode} read last. */
  public int frameBytes() {
    return frameBytes;
  }

  /**
   * Decodes the frame at {@code b[off ..)}, of which {@code available} bytes were read, as entry
   * {@code index} of term {@code term} whose record continues the chain from {@code chainBefore}.
   * The entry's payload stays in {@code b}, which the caller must not change afterwards.
   *
   * @param segment and {@code at}, the frame's segment and offset, name the damage
   * @throws CrcMismatchException if the record fails its CRC
   * @throws WalCorruptException if the bytes are not that entry's whole, valid frame
   */
  public Entry decode(
      byte[] b,
      int off,
      int available,
      int chainBefore,
      long index,
      long term,
      String segment,
      long at)
      throws WalCorruptException {
    if (available < Frames.LENGTH_WORD_BYTES) {
      throw new WalCorruptException(
          segment,
          at,
          "the segment ends before entry "
              + Long.toUnsignedString(index)
              + ", which the log's index places here");
    }
    long length = frameBytes(b, off);
    if (length <= 0 || length > available) {
      throw new WalCorruptException(
          segment,
          at,
          "no whole frame where the log's index places"
              + " entry "
              + Long.toUnsignedString(index)
              + " (length word "
              + String.format("%016x", Frames.getLengthWord(b, off))
              + ", "
              + available
              + " bytes there)");
    }
    int recordStart = off + Frames.LENGTH_WORD_BYTES;
    int recordBytes = (int) Frames.recordBytes(Frames.getLengthWord(b, off));
    try {
      envelope.parse(b, recordStart, recordBytes);
    } catch (MalformedMessageException e) {
      throw new WalCorruptException(segment, at, "record does not parse: " + e.getMessage());
    }
    if (envelope.type != RecordType.ENTRY || !envelope.hasData) {
      throw new WalCorruptException(
          segment,
          at,
          "a "
              + RecordType.name(envelope.type)
              + " record where the log's index places entry "
              + Long.toUnsignedString(index));
    }
    int crc = crc32c.update(chainBefore, b, envelope.dataOffset, envelope.dataLength);
    if (crc != envelope.crc) {
      throw new CrcMismatchException(
          segment,
          at,
          String.format("entry record stores %08x, the data gives %08x", envelope.crc, crc));
    }
    try {
      PayloadDecoder.parseEntry(b, envelope.dataOffset, envelope.dataLength, header);
    } catch (MalformedMessageException e) {
      throw new WalCorruptException(segment, at, "entry payload does not parse: " + e.getMessage());
    }
    if (header.index != index || header.term != term) {
      throw new WalCorruptException(
          segment,
          at,
          "entry "
              + Long.toUnsignedString(header.index)
              + " of term "
              + Long.toUnsignedString(header.term)
              + " where the log's index places"
              + " entry "
              + Long.toUnsignedString(index)
              + " of term "
              + Long.toUnsignedString(term));
    }
    frameBytes = (int) length;
    return header.hasData()
        ? EntryAccess.get()
            .adopt(header.term, header.index, header.type, b, header.dataOffset, header.dataLength)
        : EntryAccess.get().adopt(header.term, header.index, header.type, null, 0, 0);
  }
}
