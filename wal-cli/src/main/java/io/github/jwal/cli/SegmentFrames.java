package io.github.jwal.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the frames of a segment file start and end, found from their length words alone. etcd
 * frames each record as an 8-byte little-endian word, the record's length in its low 56 bits and,
 * when the top bit is set, the zero padding to an 8-byte boundary in bits 56–58; then the record
 * and the padding. The demo needs only these boundaries to tear a record the way a power cut does;
 * checking records is the library's job.
 */
final class SegmentFrames {
  private static final int LENGTH_WORD = 8;

  /**
   * @param dataEnd where the record's bytes end and its padding begins
   */
  record Frame(int offset, int dataEnd, int end) {}

  private SegmentFrames() {}

  /**
   * The frames from the start of the segment up to the first zero length word or incomplete frame.
   */
  static List<Frame> of(byte[] segment) {
    ByteBuffer buffer = ByteBuffer.wrap(segment).order(ByteOrder.LITTLE_ENDIAN);
    List<Frame> frames = new ArrayList<>();
    int pos = 0;
    while (pos + LENGTH_WORD <= segment.length) {
      long word = buffer.getLong(pos);
      if (word == 0) {
        break;
      }
      long length = word & 0x00FF_FFFF_FFFF_FFFFL;
      long padding = word < 0 ? (word >>> 56) & 0x7 : 0;
      long dataEnd = pos + LENGTH_WORD + length;
      long end = dataEnd + padding;
      if (end > segment.length) {
        break;
      }
      frames.add(new Frame(pos, (int) dataEnd, (int) end));
      pos = (int) end;
    }
    return frames;
  }
}
