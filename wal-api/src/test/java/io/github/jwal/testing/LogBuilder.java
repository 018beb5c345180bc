package io.github.jwal.testing;

import io.github.jwal.codec.RecordEncoder;
import io.github.jwal.codec.RecordType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds one segment's bytes with {@link RecordEncoder} (whose output the golden-vector tests pin),
 * remembering where each frame starts, so a test can damage a chosen record.
 */
public final class LogBuilder {
  private final RecordEncoder encoder;
  private final List<Integer> offsets = new ArrayList<>();

  /** A segment whose chain continues from {@code crc} (0 for the first segment of a log). */
  public LogBuilder(int crc) {
    this.encoder = new RecordEncoder(crc, 0);
  }

  /** The head of a log as {@code Create} writes it: CRC record, metadata, snapshot {0,0}. */
  public static LogBuilder created(byte[] metadata) {
    return new LogBuilder(0)
        .crcRecord()
        .record(RecordType.METADATA, metadata)
        .record(RecordType.SNAPSHOT, new byte[] {0x08, 0x00, 0x10, 0x00});
  }

  /**
   * A segment's head as a cut writes it: the CRC record and the metadata (absent here), which the
   * reader requires before a segment may end.
   */
  public LogBuilder head() {
    return crcRecord().record(RecordType.METADATA, null);
  }

  public LogBuilder crcRecord() {
    offsets.add(encoder.size());
    encoder.appendCrcRecord();
    return this;
  }

  public LogBuilder record(long type, byte[] data) {
    offsets.add(encoder.size());
    encoder.appendRecord(type, data);
    return this;
  }

  public LogBuilder entry(long term, long index, byte[] data) {
    offsets.add(encoder.size());
    encoder.appendEntry(0, term, index, data);
    return this;
  }

  public LogBuilder state(long term, long vote, long commit) {
    offsets.add(encoder.size());
    encoder.appendState(term, vote, commit);
    return this;
  }

  /** How many records were added. */
  public int count() {
    return offsets.size();
  }

  /** The offset of the frame of record {@code i} (0-based). */
  public int offsetOf(int i) {
    return offsets.get(i);
  }

  /** The offset where record {@code i}'s frame ends. */
  public int endOf(int i) {
    return i + 1 < offsets.size() ? offsets.get(i + 1) : encoder.size();
  }

  /** The running CRC after the last record: what the next segment's CRC record holds. */
  public int runningCrc() {
    return encoder.crc();
  }

  /** The frames, without any zero tail. */
  public byte[] bytes() {
    return Arrays.copyOf(encoder.buffer(), encoder.size());
  }

  /** The frames followed by zeros up to {@code size} bytes, as a preallocated tail segment. */
  public byte[] bytes(int size) {
    if (size < encoder.size()) {
      throw new IllegalArgumentException(size + " < " + encoder.size());
    }
    return Arrays.copyOf(encoder.buffer(), size);
  }
}
