package io.github.jwal.codec;

import io.github.jwal.CrcMismatchException;
import io.github.jwal.TornTailException;
import io.github.jwal.WalCorruptException;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentReader;
import java.io.Closeable;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the records of consecutive segments in order, checking every frame and the CRC chain, as
 * etcd's decoder does, and telling a torn tail from corruption, which etcd does not.
 *
 * <p>A segment ends at its end of file or at a zero length word, after its head; after a zero
 * length word every byte up to the end of the segment must be zero. A segment that is empty or ends
 * within its head is damage (etcd reads it as the end of the log). A record that is damaged — cut
 * short, not parseable, failing its CRC, or a zero length word followed by data — ends reading
 * with:
 *
 * <ul>
 *   <li>{@link TornTailException} when it is in the last segment, after the segment's head (its CRC
 *       record and metadata, synced before the segment was published), and nothing proves that
 *       synced bytes were changed ({@link DamageEvidence}): what a crash during unsynced writes
 *       leaves, which cannot have been acknowledged, whatever fragments of those writes follow it;
 *   <li>{@link CrcMismatchException} or {@link WalCorruptException} otherwise, naming the segment
 *       and the offset of the damaged frame and the evidence.
 * </ul>
 *
 * A CRC record that does not continue the chain is always a {@link CrcMismatchException}: it was
 * synced before its segment was published, so it cannot be torn.
 *
 * <p>Memory stays bounded by one buffer plus the largest record, and no record larger than the
 * bytes left in its segment is ever allocated, whatever its length word says.
 *
 * <p>A record's data stays valid until the next call to {@link #next()}. Not thread-safe.
 */
public final class RecordReader implements Closeable {
  private static final int MAX_BUFFER_BYTES = 1 << 20;

  /** What the rest of a segment after its last record must be, compared a buffer at a time. */
  private static final byte[] ZEROS = new byte[MAX_BUFFER_BYTES];

  private static final int MIN_BUFFER_BYTES = 4096;
  private static final int MAX_RECORD_BYTES = Integer.MAX_VALUE - 16;

  /** Every segment begins with a CRC record and the metadata, written and synced as one. */
  private static final int HEAD_RECORDS = 2;

  private final SegmentOpener storage;
  private final List<SegmentId> segments;
  private final Crc32c crc32c = new Crc32c();

  /** Sized to the segments read, up to 1 MiB: a reader of small segments stays small. */
  private byte[] buf = new byte[0];

  private long bufStart;
  private int pos;
  private int bufLen;

  private int segmentIndex = -1;
  private SegmentReader reader;
  private long segmentSize;
  private long lastValidOffset;

  /** Records of the current segment read so far; the first {@link #HEAD_RECORDS} are its head. */
  private int recordsInSegment;

  private int runningCrc;
  private boolean chainStarted;

  private final RecordEnvelope envelope = new RecordEnvelope();
  private long type;
  private int crc;
  private boolean hasData;
  private byte[] dataArray;
  private int dataOffset;
  private int dataLength;

  /** Where the current record's data starts in its segment. */
  private long dataStart;

  private long recordOffset;

  /** Reads {@code segments}, in that order, from {@code storage}; the chain starts unknown. */
  public RecordReader(SegmentOpener storage, List<SegmentId> segments) {
    this.storage = storage;
    this.segments = List.copyOf(segments);
  }

  /**
   * Moves to the next record. Returns false once every segment was read to its clean end.
   *
   * @throws WalCorruptException (or a subclass) at damage, as described above
   */
  public boolean next() throws IOException {
    while (true) {
      if (reader == null) {
        if (segmentIndex + 1 >= segments.size()) {
          return false;
        }
        openSegment(segmentIndex + 1);
      }
      long off = bufStart + pos;
      long remaining = segmentSize - off;
      if (remaining == 0) {
        if (recordsInSegment < HEAD_RECORDS) {
          throw damage(
              off,
              off == 0
                  ? "the segment is empty: a published segment always begins with its head (a CRC"
                      + " record and the metadata), synced before it was published"
                  : "the segment ends before its head (a CRC record and the metadata) is complete,"
                      + " which was synced before the segment was published");
        }
        closeSegment();
        continue;
      }
      if (remaining < Frames.LENGTH_WORD_BYTES) {
        throw damage(off, "partial length word: only " + remaining + " bytes remain");
      }
      fill(Frames.LENGTH_WORD_BYTES);
      long word = Frames.getLengthWord(buf, pos);
      if (word == 0) {
        if (recordsInSegment < HEAD_RECORDS) {
          throw damage(
              off,
              "a zero length word before the segment's head (a CRC record and the"
                  + " metadata) is complete, which was synced before the segment was published");
        }
        long nonZero = firstNonZeroAfter(off + Frames.LENGTH_WORD_BYTES);
        if (nonZero < 0) {
          closeSegment();
          continue;
        }
        throw lengthWordDamage(
            off, word, "zero length word followed by non-zero bytes at offset " + nonZero);
      }
      readFrame(off, word, remaining);
      return true;
    }
  }

  private void readFrame(long off, long word, long remaining) throws IOException {
    long recordBytes = Frames.recordBytes(word);
    long frameBytes = Frames.LENGTH_WORD_BYTES + recordBytes + Frames.paddingBytes(word);
    if (!Frames.validFlags(word)) {
      throw lengthWordDamage(off, word, String.format("length word %016x has invalid flags", word));
    }
    if (recordBytes == 0) {
      throw lengthWordDamage(off, word, "length word states an empty record");
    }
    if (frameBytes > remaining) {
      throw lengthWordDamage(
          off,
          word,
          "record of "
              + recordBytes
              + " bytes runs past the end of"
              + " the segment ("
              + (remaining - Frames.LENGTH_WORD_BYTES)
              + " bytes left)");
    }
    if (frameBytes > MAX_RECORD_BYTES) {
      throw lengthWordDamage(
          off, word, "record of " + recordBytes + " bytes is larger than jwal can read");
    }
    byte[] record;
    int recordStart;
    if (frameBytes <= buf.length) {
      fill((int) frameBytes);
      record = buf;
      recordStart = pos + Frames.LENGTH_WORD_BYTES;
      pos += (int) frameBytes;
    } else {
      record = readLargeFrame(off, (int) frameBytes);
      recordStart = 0;
    }
    parseEnvelope(off, record, recordStart, (int) recordBytes);
    dataStart = off + Frames.LENGTH_WORD_BYTES + (dataOffset - recordStart);
    checkChain(off, off + frameBytes);
    recordOffset = off;
    lastValidOffset = off + frameBytes;
    recordsInSegment++;
  }

  /**
   * Reads a frame bigger than the buffer into its own array (record and padding, no length word).
   */
  private byte[] readLargeFrame(long off, int frameBytes) throws IOException {
    byte[] record = new byte[frameBytes - Frames.LENGTH_WORD_BYTES];
    int buffered = bufLen - pos - Frames.LENGTH_WORD_BYTES;
    System.arraycopy(buf, pos + Frames.LENGTH_WORD_BYTES, record, 0, buffered);
    int filled = buffered;
    while (filled < record.length) {
      int n = reader.read(record, filled, record.length - filled);
      if (n < 0) {
        throw damage(off, "segment ended while reading a record");
      }
      filled += n;
    }
    bufStart = off + frameBytes;
    pos = 0;
    bufLen = 0;
    return record;
  }

  private void parseEnvelope(long off, byte[] record, int start, int length) throws IOException {
    try {
      envelope.parse(record, start, length);
    } catch (MalformedMessageException e) {
      int chain = runningCrc;
      throw classify(
          off,
          false,
          "record does not parse: " + e.getMessage(),
          evidence -> evidence.ofUnparseableRecord(record, start, length, chain));
    }
    type = envelope.type;
    crc = envelope.crc;
    hasData = envelope.hasData;
    dataArray = envelope.array;
    dataOffset = envelope.dataOffset;
    dataLength = envelope.dataLength;
  }

  private void checkChain(long off, long frameEnd) throws IOException {
    if (type == RecordType.CRC) {
      if (chainStarted && crc != runningCrc) {
        throw new CrcMismatchException(
            segmentName(),
            off,
            String.format(
                "the segment's CRC record holds %08x but the chain so far is %08x",
                crc, runningCrc));
      }
      runningCrc = crc;
    } else {
      int next =
          hasData ? crc32c.update(runningCrc, dataArray, dataOffset, dataLength) : runningCrc;
      if (next != crc) {
        String problem =
            String.format(
                "%s record stores %08x, the data gives %08x", RecordType.name(type), crc, next);
        throw classify(
            off,
            true,
            problem,
            evidence ->
                evidence.ofRecord(
                    dataArray, dataOffset, dataLength, dataStart, crc, runningCrc, frameEnd));
      }
      runningCrc = next;
    }
    chainStarted = true;
  }

  /** Looks for evidence that damage changed synced bytes; see {@link DamageEvidence}. */
  @FunctionalInterface
  private interface EvidenceSearch {
    String find(DamageEvidence evidence) throws IOException;
  }

  /** Damage at {@code off} that leaves nothing to examine: the segment ends, or shrank, there. */
  private WalCorruptException damage(long off, String problem) throws IOException {
    return classify(off, false, problem, null);
  }

  /** Damage in the length word at {@code off}, which reads {@code word}. */
  private WalCorruptException lengthWordDamage(long off, long word, String problem)
      throws IOException {
    return classify(off, false, problem, evidence -> evidence.ofLengthWord(off, word, runningCrc));
  }

  /**
   * The exception for damage at {@code off}: torn if it is in the last segment, after the segment's
   * head, and no evidence says synced bytes were changed; corruption otherwise, with the evidence.
   */
  private WalCorruptException classify(
      long off, boolean crcKind, String problem, EvidenceSearch search) throws IOException {
    String name = segmentName();
    // A segment's head (its CRC record, then the metadata) is synced before the segment is
    // published, and a segment before the last was sealed, synced whole: damage there is never a
    // write the crash interrupted.
    if (segmentIndex == segments.size() - 1 && recordsInSegment >= HEAD_RECORDS) {
      String found =
          search == null
              ? null
              : search.find(new DamageEvidence(storage, segments.get(segmentIndex), segmentSize));
      if (found == null) {
        return new TornTailException(name, off, problem);
      }
      problem += "; " + found;
    }
    return crcKind
        ? new CrcMismatchException(name, off, problem)
        : new WalCorruptException(name, off, problem);
  }

  /**
   * The offset of the first non-zero byte from {@code from} to the end of the segment, or -1.
   *
   * <p>Every byte is read: no cheaper proof that nothing follows the last record is sound. The
   * segment's size says nothing (it is preallocated), a zero word proves nothing about what lies
   * after it (a crash keeps an unsynced write's later pages and loses earlier ones, and etcd's
   * writer does not zero a reused file), and a marker jwal wrote would be absent from logs etcd
   * wrote. So the scan is made cheap instead: a vectorised compare, a buffer at a time.
   */
  private long firstNonZeroAfter(long from) throws IOException {
    pos = (int) (from - bufStart);
    while (true) {
      int nonZero = Arrays.mismatch(buf, pos, bufLen, ZEROS, 0, bufLen - pos);
      if (nonZero >= 0) {
        return bufStart + pos + nonZero;
      }
      bufStart += bufLen;
      pos = 0;
      bufLen = readUpTo(reader, buf, 0, (int) Math.min(buf.length, segmentSize - bufStart));
      if (bufLen == 0) {
        return -1;
      }
    }
  }

  /** Makes {@code n <= buf.length} bytes available at {@code pos}. */
  private void fill(int n) throws IOException {
    if (bufLen - pos >= n) {
      return;
    }
    System.arraycopy(buf, pos, buf, 0, bufLen - pos);
    bufStart += pos;
    bufLen -= pos;
    pos = 0;
    long wanted = Math.min(buf.length, segmentSize - bufStart);
    bufLen += readUpTo(reader, buf, bufLen, (int) wanted - bufLen);
    if (bufLen < n) {
      throw damage(bufStart, "segment ended early: it shrank while being read");
    }
  }

  private static int readUpTo(SegmentReader from, byte[] b, int off, int len) throws IOException {
    int total = 0;
    while (total < len) {
      int n = from.read(b, off + total, len - total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  private void openSegment(int index) throws IOException {
    segmentIndex = index;
    reader = storage.openReader(segments.get(index));
    segmentSize = reader.size();
    if (buf.length < MAX_BUFFER_BYTES && buf.length < segmentSize) {
      buf = new byte[(int) Math.min(MAX_BUFFER_BYTES, Math.max(MIN_BUFFER_BYTES, segmentSize))];
    }
    bufStart = 0;
    pos = 0;
    bufLen = 0;
    lastValidOffset = 0;
    recordsInSegment = 0;
  }

  private void closeSegment() throws IOException {
    SegmentReader done = reader;
    reader = null;
    done.close();
  }

  /** The segment the current record is in (after reading ends: the last segment read). */
  public SegmentId segment() {
    return segments.get(Math.max(segmentIndex, 0));
  }

  public String segmentName() {
    return segment().fileName();
  }

  /** The offset of the current record's frame in its segment. */
  public long recordOffset() {
    return recordOffset;
  }

  /** The offset just after the last good frame of the current segment: where appends would go. */
  public long lastValidOffset() {
    return lastValidOffset;
  }

  /** The running CRC after the current record. */
  public int runningCrc() {
    return runningCrc;
  }

  public long type() {
    return type;
  }

  public int crc() {
    return crc;
  }

  /** Whether the record has a data field (an empty one counts). */
  public boolean hasData() {
    return hasData;
  }

  /** The array holding the current record's data, valid until {@link #next()}. */
  public byte[] dataArray() {
    return dataArray;
  }

  public int dataOffset() {
    return dataOffset;
  }

  public int dataLength() {
    return dataLength;
  }

  /** A copy of the current record's data, or {@code null} if it has no data field. */
  public byte[] copyData() {
    if (!hasData) {
      return null;
    }
    byte[] copy = new byte[dataLength];
    System.arraycopy(dataArray, dataOffset, copy, 0, dataLength);
    return copy;
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      closeSegment();
    }
  }
}
