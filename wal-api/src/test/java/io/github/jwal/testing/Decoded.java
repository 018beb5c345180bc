package io.github.jwal.testing;

import io.github.jwal.WalCorruptException;
import io.github.jwal.codec.RecordReader;
import io.github.jwal.codec.SegmentOpener;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What a {@link RecordReader} gave for some segments: its records, then the damage if any. */
public final class Decoded {
  /** One record as read, its data copied. */
  @SuppressWarnings("ArrayRecordComponent") // never compared whole: tests read its fields
  public record Rec(String segment, long offset, long type, int crc, byte[] data) {
    @Override
    public String toString() {
      return segment
          + "@"
          + offset
          + " type "
          + type
          + " crc "
          + Integer.toHexString(crc)
          + (data == null ? " no data" : " " + data.length + " data bytes");
    }
  }

  public final List<Rec> records;

  /** The damage that ended reading, or null if every segment was read to its clean end. */
  public final WalCorruptException error;

  /** The reader's running CRC at the end. */
  public final int runningCrc;

  private Decoded(List<Rec> records, WalCorruptException error, int runningCrc) {
    this.records = records;
    this.error = error;
    this.runningCrc = runningCrc;
  }

  /** Reads {@code segments} in order; damage is caught and kept. */
  public static Decoded read(SegmentOpener storage, List<SegmentId> segments) throws IOException {
    List<Rec> records = new ArrayList<>();
    try (RecordReader reader = new RecordReader(storage, segments)) {
      try {
        while (reader.next()) {
          records.add(
              new Rec(
                  reader.segmentName(),
                  reader.recordOffset(),
                  reader.type(),
                  reader.crc(),
                  reader.copyData()));
        }
      } catch (WalCorruptException e) {
        return new Decoded(records, e, reader.runningCrc());
      }
      return new Decoded(records, null, reader.runningCrc());
    }
  }

  /** Reads every segment of {@code segments}. */
  public static Decoded read(MemorySegments segments) throws IOException {
    return read(segments, segments.ids());
  }

  /** The types of the records read, in order. */
  public List<Long> types() {
    List<Long> types = new ArrayList<>();
    for (Rec r : records) {
      types.add(r.type());
    }
    return types;
  }
}
