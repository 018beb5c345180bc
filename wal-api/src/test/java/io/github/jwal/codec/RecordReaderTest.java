package io.github.jwal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.CrcMismatchException;
import io.github.jwal.TornTailException;
import io.github.jwal.WalCorruptException;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.testing.Decoded;
import io.github.jwal.testing.FrameOracle;
import io.github.jwal.testing.Hex;
import io.github.jwal.testing.LogBuilder;
import io.github.jwal.testing.MemorySegments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The record decoder (docs/replay.md, Reading records), and where jwal parts from etcd: damage is a
 * torn tail only in the last segment, after its head, where nothing shows that synced bytes were
 * changed (docs/fault-model.md); anything else is corruption naming segment and offset.
 */
class RecordReaderTest {
  /** etcd's {@code infoRecord} (TestReadRecord): an unpadded, unaligned 14-byte frame. */
  private static final byte[] INFO_RECORD =
      Hex.bytes("0e 00 00 00 00 00 00 00  08 01 10 99 b5 e4 d0 03 1a 04 08 ef fd 02");

  private static final SegmentId SEGMENT_1 = new SegmentId(1, 0x15);
  private static final SegmentId SEGMENT_2 = new SegmentId(2, 0x2e);

  @Test
  void readsAnUnpaddedFrame() throws IOException {
    // etcd TestReadRecord: the full infoRecord decodes to {type 1, crc = CRC32C(data), data}. It
    // follows a segment head, which leaves the chain at 0, as a segment must begin with one.
    byte[] head = new LogBuilder(0).head().bytes();
    Decoded decoded = Decoded.read(MemorySegments.of(FrameOracle.concat(head, INFO_RECORD)));
    assertNull(decoded.error);
    assertEquals(3, decoded.records.size());
    Decoded.Rec record = decoded.records.get(2);
    assertEquals(1, record.type());
    assertEquals(0x3a191a99, record.crc());
    assertArrayEquals(Hex.bytes("08 ef fd 02"), record.data());
  }

  @Test
  void anEmptySegmentIsCorruption() throws IOException {
    // etcd TestReadRecord: an empty input gives io.EOF, and etcd reads an empty last segment as the
    // end of the log. jwal, not etcd: a published segment had its head synced before it was
    // published, so an empty one lost what it held.
    Decoded decoded = Decoded.read(MemorySegments.of(new byte[0]));
    WalCorruptException corrupt = assertInstanceOf(WalCorruptException.class, decoded.error);
    assertFalse(corrupt instanceof TornTailException, corrupt.toString());
    assertEquals(0, corrupt.offset());
    assertTrue(decoded.records.isEmpty());
  }

  @ParameterizedTest(name = "{0} zero bytes")
  @ValueSource(ints = {8, 4096})
  void aSegmentOfZerosIsCorruption(int size) throws IOException {
    // jwal, not etcd: etcd reads a zero length word at offset 0 as the end of the segment.
    Decoded decoded = Decoded.read(MemorySegments.of(new byte[size]));
    WalCorruptException corrupt = assertInstanceOf(WalCorruptException.class, decoded.error);
    assertFalse(corrupt instanceof TornTailException, corrupt.toString());
    assertEquals(0, corrupt.offset());
  }

  @Test
  void aSegmentThatEndsWithinItsHeadIsCorruption() throws IOException {
    // jwal, not etcd: a segment holding only its CRC record lost its metadata, synced with it.
    byte[] crcOnly = new LogBuilder(0).crcRecord().bytes();
    for (byte[] segment : List.of(crcOnly, Arrays.copyOf(crcOnly, 4096))) {
      Decoded decoded = Decoded.read(MemorySegments.of(segment));
      WalCorruptException corrupt = assertInstanceOf(WalCorruptException.class, decoded.error);
      assertFalse(corrupt instanceof TornTailException, corrupt.toString());
      assertEquals(crcOnly.length, corrupt.offset());
    }
  }

  @Test
  void damageInTheMetadataRecordIsCorruptionNeverATornTail() throws IOException {
    // jwal, not etcd: the metadata is part of the head, synced before the segment was published.
    byte[] head = new LogBuilder(0).head().bytes();
    byte[] torn = Arrays.copyOf(head, head.length - 8);
    Decoded decoded = Decoded.read(MemorySegments.of(Arrays.copyOf(torn, 4096)));
    WalCorruptException corrupt = assertInstanceOf(WalCorruptException.class, decoded.error);
    assertFalse(corrupt instanceof TornTailException, corrupt.toString());
  }

  @ParameterizedTest(name = "first {0} bytes")
  @ValueSource(ints = {14, 22 - 4, 22 - 4 - 8, 8, 7, 1})
  void prefixOfARecordIsATornTail(int length) throws IOException {
    // etcd TestReadRecord: prefixes of 14, len-4 and len-8 bytes give io.ErrUnexpectedEOF (len-8 is
    // 14
    // again for this 22-byte frame); also a length word alone, and a partial length word. The
    // record
    // follows a segment head (a CRC record and the metadata), as every record a crash can tear
    // does.
    byte[] head = new LogBuilder(0).head().bytes();
    Decoded decoded =
        Decoded.read(
            MemorySegments.of(FrameOracle.concat(head, Arrays.copyOf(INFO_RECORD, length))));
    assertEquals(2, decoded.records.size());
    TornTailException torn = assertInstanceOf(TornTailException.class, decoded.error);
    assertEquals(SegmentId.FIRST.fileName(), torn.segment());
    assertEquals(head.length, torn.offset());
  }

  @ParameterizedTest(name = "first {0} bytes")
  @ValueSource(ints = {14, 8, 1})
  void damageAtOffsetZeroIsCorruptionNeverATornTail(int length) throws IOException {
    // jwal, not etcd: a segment's head is synced before the segment is published, so its first
    // record
    // cannot be torn by a crash; etcd reports io.ErrUnexpectedEOF, and its Repair would empty the
    // file.
    Decoded decoded = Decoded.read(MemorySegments.of(Arrays.copyOf(INFO_RECORD, length)));
    WalCorruptException corrupt = assertInstanceOf(WalCorruptException.class, decoded.error);
    assertFalse(corrupt instanceof TornTailException, corrupt.toString());
    assertEquals(0, corrupt.offset());
  }

  @Test
  void corruptedLastByteFailsTheCrc() throws IOException {
    // etcd TestReadRecord: the last byte changed to 'a' gives walpb.ErrCRCMismatch. Here the record
    // is
    // followed by a good one (unpadded frames follow each other directly), so it cannot be torn.
    byte[] bad = INFO_RECORD.clone();
    bad[bad.length - 1] = 'a';
    byte[] log = FrameOracle.concat(bad, LogBuilder.created(null).bytes());
    Decoded decoded = Decoded.read(MemorySegments.of(log));
    assertTrue(decoded.records.isEmpty());
    CrcMismatchException crc = assertInstanceOf(CrcMismatchException.class, decoded.error);
    assertEquals(SegmentId.FIRST.fileName(), crc.segment());
    assertEquals(0, crc.offset());
  }

  @Test
  void corruptedLastByteInAnEarlierSegmentFailsTheCrc() throws IOException {
    byte[] bad = INFO_RECORD.clone();
    bad[bad.length - 1] = 'a';
    MemorySegments segments =
        new MemorySegments()
            .put(SegmentId.FIRST, bad)
            .put(SEGMENT_1, new LogBuilder(0).head().bytes());
    Decoded decoded = Decoded.read(segments);
    CrcMismatchException crc = assertInstanceOf(CrcMismatchException.class, decoded.error);
    assertEquals(SegmentId.FIRST.fileName(), crc.segment());
    assertEquals(0, crc.offset());
  }

  @Test
  void corruptedLastByteOfTheLastRecordIsATornTail() throws IOException {
    // jwal, not etcd: nothing follows the damaged record, so it cannot have been acknowledged. etcd
    // reports walpb.ErrCRCMismatch here because no 512-byte chunk of the record is all zeros.
    byte[] head = new LogBuilder(0).head().bytes();
    byte[] bad = INFO_RECORD.clone();
    bad[bad.length - 1] = 'a';
    Decoded decoded = Decoded.read(MemorySegments.of(FrameOracle.concat(head, bad)));
    TornTailException torn = assertInstanceOf(TornTailException.class, decoded.error);
    assertEquals(head.length, torn.offset());
  }

  @Test
  void arbitraryTypeAndDataRoundTrip() throws IOException {
    // etcd TestWriteRecord: type 0xABCD with "Hello world!" survives encoding and decoding.
    byte[] hello = "Hello world!".getBytes(StandardCharsets.US_ASCII);
    RecordEncoder encoder = new RecordEncoder(0, 0);
    encoder.appendCrcRecord();
    encoder.appendRecord(RecordType.METADATA, null);
    encoder.appendRecord(0xABCD, hello);
    Decoded decoded =
        Decoded.read(MemorySegments.of(Arrays.copyOf(encoder.buffer(), encoder.size())));
    assertNull(decoded.error);
    assertEquals(3, decoded.records.size());
    assertEquals(0xABCD, decoded.records.get(2).type());
    assertArrayEquals(hello, decoded.records.get(2).data());
  }

  @Test
  void lastRecordLengthBeyondTheFileEndIsCorruptionWhenTheRecordIsIntact() throws IOException {
    // etcd's TestLastRecordLengthExceedFileEnd: three entries with nil metadata, the last
    // record's length word set to 0x3e8; two good entries, then io.ErrUnexpectedEOF. jwal, not
    // etcd:
    // the record after the changed length word is whole and continues the CRC chain, which a crash
    // cannot leave (it loses bytes, it does not change them), so this is corruption.
    LogBuilder log = LogBuilder.created(null);
    for (int i = 1; i <= 3; i++) {
      log.entry(0, i, ("waldata" + i).getBytes(StandardCharsets.US_ASCII));
    }
    byte[] bytes = log.bytes();
    int last = log.offsetOf(log.count() - 1);
    FrameOracle.putLengthWord(bytes, last, 0x3e8);
    Decoded decoded = Decoded.read(MemorySegments.of(bytes));
    assertEquals(List.of(4L, 1L, 5L, 2L, 2L), decoded.types());
    assertArrayEquals(
        Hex.bytes("08 00 10 00 18 01 22 08 77 61 6c 64 61 74 61 31"),
        decoded.records.get(3).data());
    assertArrayEquals(
        Hex.bytes("08 00 10 00 18 02 22 08 77 61 6c 64 61 74 61 32"),
        decoded.records.get(4).data());
    WalCorruptException corrupt = assertInstanceOf(WalCorruptException.class, decoded.error);
    assertFalse(corrupt instanceof TornTailException, corrupt.getMessage());
    assertEquals(last, corrupt.offset());
  }

  @Test
  void lastRecordCutShortByTheFileEndIsATornTail() throws IOException {
    // The crash version of etcd's TestLastRecordLengthExceedFileEnd: the length word is right and
    // the file ends inside the record.
    LogBuilder log = LogBuilder.created(null);
    for (int i = 1; i <= 3; i++) {
      log.entry(0, i, ("waldata" + i).getBytes(StandardCharsets.US_ASCII));
    }
    int last = log.offsetOf(log.count() - 1);
    byte[] bytes = Arrays.copyOf(log.bytes(), log.endOf(log.count() - 1) - 4);
    Decoded decoded = Decoded.read(MemorySegments.of(bytes));
    TornTailException torn = assertInstanceOf(TornTailException.class, decoded.error);
    assertEquals(last, torn.offset());
  }

  @Test
  void lastRecordLengthIntoThePreallocatedZerosIsATornTail() throws IOException {
    LogBuilder log =
        LogBuilder.created(null).entry(1, 1, new byte[] {1}).entry(1, 2, new byte[] {2});
    byte[] bytes = log.bytes(4096);
    int last = log.offsetOf(log.count() - 1);
    FrameOracle.putLengthWord(bytes, last, 0x3e8);
    Decoded decoded = Decoded.read(MemorySegments.of(bytes));
    assertEquals(log.count() - 1, decoded.records.size());
    TornTailException torn = assertInstanceOf(TornTailException.class, decoded.error);
    assertEquals(last, torn.offset());
  }

  @Test
  void zeroLengthWordFollowedByZerosEndsTheSegment() throws IOException {
    LogBuilder first =
        LogBuilder.created(new byte[] {9}).entry(1, 1, new byte[] {1}).state(1, 1, 1);
    LogBuilder second = new LogBuilder(first.runningCrc()).head().entry(1, 2, new byte[] {2});
    MemorySegments segments =
        new MemorySegments()
            .put(SegmentId.FIRST, first.bytes(first.bytes().length + 4096))
            .put(SEGMENT_1, second.bytes(32 * 1024));
    Decoded decoded = Decoded.read(segments);
    assertNull(decoded.error);
    assertEquals(List.of(4L, 1L, 5L, 2L, 3L, 4L, 1L, 2L), decoded.types());
  }

  @Test
  void aZeroedFrameFollowedByFramesIsATornTail() throws IOException {
    // etcd's TestOpenOnTornWrite: etcd silently stops at the zero word and drops what follows
    // (docs/etcd-differences.md, A zero length word before intact records).
    // jwal reports a torn tail: a lost byte range of an unsynced write leaves exactly this, with
    // the
    // write's later records after it, and nothing proves the bytes were synced.
    LogBuilder log = LogBuilder.created(null);
    for (int i = 1; i <= 5; i++) {
      log.entry(1, i, new byte[100]);
    }
    byte[] bytes = log.bytes(8192);
    int zeroed = log.offsetOf(5);
    Arrays.fill(bytes, zeroed, log.endOf(5), (byte) 0);
    Decoded decoded = Decoded.read(MemorySegments.of(bytes));
    assertEquals(5, decoded.records.size());
    TornTailException torn = assertInstanceOf(TornTailException.class, decoded.error);
    assertEquals(zeroed, torn.offset());
  }

  @Test
  void aZeroedLengthWordBeforeAnIntactRecordIsCorruption() throws IOException {
    // jwal, not etcd: the record after the zero word continues the CRC chain, so only its length
    // word changed; etcd would stop there and its ZeroToEnd would zero the synced records after.
    LogBuilder log = LogBuilder.created(null);
    for (int i = 1; i <= 5; i++) {
      log.entry(1, i, new byte[100]);
    }
    byte[] bytes = log.bytes(8192);
    int zeroed = log.offsetOf(5);
    assertTrue(
        (zeroed + 8) % 512 != 0, "a word that ends at a sector boundary may be a lost sector");
    Arrays.fill(bytes, zeroed, zeroed + 8, (byte) 0);
    Decoded decoded = Decoded.read(MemorySegments.of(bytes));
    WalCorruptException corrupt = assertInstanceOf(WalCorruptException.class, decoded.error);
    assertFalse(corrupt instanceof TornTailException, corrupt.getMessage());
    assertEquals(zeroed, corrupt.offset());
  }

  @Test
  void zeroLengthWordFollowedByNonFrameBytesAtTheEndIsATornTail() throws IOException {
    LogBuilder log = LogBuilder.created(null).entry(1, 1, new byte[] {1});
    byte[] bytes = log.bytes(4096);
    int end = log.bytes().length;
    bytes[end + 8 + 3] = 0x55; // leftover garbage after the zero length word
    Decoded decoded = Decoded.read(MemorySegments.of(bytes));
    assertEquals(log.count(), decoded.records.size());
    TornTailException torn = assertInstanceOf(TornTailException.class, decoded.error);
    assertEquals(end, torn.offset());
  }

  @Test
  void bitFlipInAMiddleRecordOfTheLastSegmentIsACrcMismatch() throws IOException {
    LogBuilder log = LogBuilder.created(null);
    for (int i = 1; i <= 5; i++) {
      log.entry(1, i, ("entry number " + i).getBytes(StandardCharsets.US_ASCII));
    }
    byte[] bytes = log.bytes(4096);
    int damaged = 5; // the third entry
    bytes[log.endOf(damaged) - 8] ^= 0x08;
    Decoded decoded = Decoded.read(MemorySegments.of(bytes));
    assertEquals(damaged, decoded.records.size());
    CrcMismatchException crc = assertInstanceOf(CrcMismatchException.class, decoded.error);
    assertEquals(SegmentId.FIRST.fileName(), crc.segment());
    assertEquals(log.offsetOf(damaged), crc.offset());
  }

  @Test
  void aFlippedBitInTheEnvelopeOfTheLastRecordIsCorruption() throws IOException {
    // One flipped bit of the data-length varint makes the record unparseable; flipping it back
    // makes
    // it parse and continue the chain, so the bytes were changed, not lost.
    LogBuilder log = LogBuilder.created(null);
    for (int i = 1; i <= 3; i++) {
      log.entry(1, i, ("entry number " + i).getBytes(StandardCharsets.US_ASCII));
    }
    byte[] bytes = log.bytes(4096);
    int last = log.count() - 1;
    bytes[dataLengthOffset(bytes, log.offsetOf(last) + 8)] ^= 0x01;
    Decoded decoded = Decoded.read(MemorySegments.of(bytes));
    assertEquals(last, decoded.records.size());
    WalCorruptException corrupt = assertInstanceOf(WalCorruptException.class, decoded.error);
    assertFalse(corrupt instanceof TornTailException, corrupt.getMessage());
    assertEquals(log.offsetOf(last), corrupt.offset());
  }

  @Test
  void aBitFlipThatZeroesALoneDataByteOfTheLastRecordIsCorruption() throws IOException {
    // A lost range reads as a run of zeros; a single zero among written bytes is a changed byte.
    byte[] data = {0x11, 0x22, 0x40, 0x33, 0x44};
    LogBuilder log = LogBuilder.created(null).entry(1, 1, data).entry(1, 2, data);
    byte[] bytes = log.bytes(4096);
    int last = log.count() - 1;
    int at = indexOf(bytes, data, log.offsetOf(last)) + 2;
    bytes[at] = 0;
    Decoded decoded = Decoded.read(MemorySegments.of(bytes));
    assertEquals(last, decoded.records.size());
    CrcMismatchException crc = assertInstanceOf(CrcMismatchException.class, decoded.error);
    assertTrue(crc.getMessage().contains("offset " + at), crc.getMessage());
  }

  /** Where the data-length varint of the record envelope at {@code start} is (tags 1, 2, 3). */
  private static int dataLengthOffset(byte[] bytes, int start) {
    int at = skipVarint(bytes, start + 1); // the type
    at = skipVarint(bytes, at + 1); // the crc
    assertEquals(0x1a, bytes[at], "the data field's tag");
    return at + 1;
  }

  private static int skipVarint(byte[] bytes, int at) {
    while ((bytes[at] & 0x80) != 0) {
      at++;
    }
    return at + 1;
  }

  private static int indexOf(byte[] bytes, byte[] part, int from) {
    for (int i = from; i + part.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }

  @Test
  void damageInAnEarlierSegmentIsNeverATornTail() throws IOException {
    LogBuilder first =
        LogBuilder.created(null).entry(1, 1, new byte[300]).entry(1, 2, new byte[300]);
    LogBuilder second = new LogBuilder(first.runningCrc()).head();
    byte[] truncated = Arrays.copyOf(first.bytes(), first.bytes().length - 100);
    MemorySegments segments =
        new MemorySegments().put(SegmentId.FIRST, truncated).put(SEGMENT_1, second.bytes());
    Decoded decoded = Decoded.read(segments);
    WalCorruptException corrupt = assertInstanceOf(WalCorruptException.class, decoded.error);
    assertFalse(corrupt instanceof TornTailException, corrupt.getMessage());
    assertEquals(SegmentId.FIRST.fileName(), corrupt.segment());
    assertEquals(first.offsetOf(first.count() - 1), corrupt.offset());
  }

  @Test
  void crcRecordThatBreaksTheChainAcrossSegmentsIsACrcMismatch() throws IOException {
    LogBuilder first = LogBuilder.created(new byte[] {7}).entry(1, 1, new byte[] {1});
    LogBuilder second = new LogBuilder(first.runningCrc() ^ 1).head().entry(1, 2, new byte[] {2});
    MemorySegments segments =
        new MemorySegments().put(SegmentId.FIRST, first.bytes()).put(SEGMENT_1, second.bytes(4096));
    Decoded decoded = Decoded.read(segments);
    assertEquals(first.count(), decoded.records.size());
    CrcMismatchException crc = assertInstanceOf(CrcMismatchException.class, decoded.error);
    assertEquals(SEGMENT_1.fileName(), crc.segment());
    assertEquals(0, crc.offset());
  }

  @Test
  void chainContinuesAcrossSegments() throws IOException {
    LogBuilder first = LogBuilder.created(new byte[] {7}).entry(1, 1, new byte[] {1});
    LogBuilder second = new LogBuilder(first.runningCrc()).head().entry(1, 2, new byte[] {2});
    LogBuilder third = new LogBuilder(second.runningCrc()).head().state(1, 1, 2);
    MemorySegments segments =
        new MemorySegments()
            .put(SegmentId.FIRST, first.bytes())
            .put(SEGMENT_1, second.bytes())
            .put(SEGMENT_2, third.bytes(4096));
    Decoded decoded = Decoded.read(segments);
    assertNull(decoded.error);
    assertEquals(List.of(4L, 1L, 5L, 2L, 4L, 1L, 2L, 4L, 1L, 3L), decoded.types());
    assertEquals(first.runningCrc(), decoded.records.get(4).crc());
    assertEquals(second.runningCrc(), decoded.records.get(7).crc());
    assertEquals(third.runningCrc(), decoded.runningCrc);
    assertEquals(SEGMENT_2.fileName(), decoded.records.get(9).segment());
  }

  @Test
  void readerStartingAtALaterSegmentAcceptsItsLeadingCrcRecord() throws IOException {
    // etcd TestValidSnapshotEntriesAfterPurgeWal: with the chain unknown, the first CRC record
    // seeds it.
    LogBuilder first = LogBuilder.created(new byte[] {7}).entry(1, 1, new byte[] {1});
    LogBuilder second = new LogBuilder(first.runningCrc()).head().entry(1, 2, new byte[] {2});
    LogBuilder third = new LogBuilder(second.runningCrc()).head().state(1, 1, 2);
    MemorySegments segments =
        new MemorySegments().put(SEGMENT_1, second.bytes()).put(SEGMENT_2, third.bytes(4096));
    Decoded decoded = Decoded.read(segments);
    assertNull(decoded.error);
    assertEquals(List.of(4L, 1L, 2L, 4L, 1L, 3L), decoded.types());
    assertEquals(first.runningCrc(), decoded.records.get(0).crc());
  }

  @Test
  void crcRecordInsideASegmentMustMatchTheChain() throws IOException {
    LogBuilder log = LogBuilder.created(null).entry(1, 1, new byte[] {1});
    byte[] stray = new LogBuilder(log.runningCrc() + 1).head().bytes();
    byte[] bytes =
        FrameOracle.concat(
            log.bytes(),
            stray,
            new LogBuilder(log.runningCrc() + 1).entry(1, 2, new byte[] {2}).bytes());
    Decoded decoded = Decoded.read(MemorySegments.of(bytes));
    CrcMismatchException crc = assertInstanceOf(CrcMismatchException.class, decoded.error);
    assertEquals(log.bytes().length, crc.offset());
  }

  @Test
  void recordLargerThanTheReadBufferIsRead() throws IOException {
    byte[] big = new byte[3 * 1024 * 1024 + 5];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31 + 7);
    }
    LogBuilder log =
        LogBuilder.created(null).entry(1, 1, big).entry(1, 2, new byte[] {2}).state(1, 1, 2);
    Decoded decoded =
        Decoded.read(
            new MemorySegments(4093).put(SegmentId.FIRST, log.bytes(log.bytes().length + 100)));
    assertNull(decoded.error);
    assertEquals(List.of(4L, 1L, 5L, 2L, 2L, 3L), decoded.types());
    byte[] payload = decoded.records.get(3).data();
    assertArrayEquals(
        big, Arrays.copyOfRange(payload, payload.length - big.length, payload.length));
    assertEquals(log.offsetOf(4), decoded.records.get(4).offset());
  }

  @Test
  void truncatedRecordLargerThanTheReadBufferIsATornTail() throws IOException {
    LogBuilder log = LogBuilder.created(null).entry(1, 1, new byte[2 * 1024 * 1024]);
    byte[] bytes = Arrays.copyOf(log.bytes(), log.bytes().length - 4096);
    Decoded decoded = Decoded.read(MemorySegments.of(bytes));
    assertEquals(3, decoded.records.size());
    TornTailException torn = assertInstanceOf(TornTailException.class, decoded.error);
    assertEquals(log.offsetOf(3), torn.offset());
  }

  @Test
  void shortReadsGiveTheSameRecords() throws IOException {
    LogBuilder log = LogBuilder.created("meta".getBytes(StandardCharsets.US_ASCII));
    for (int i = 1; i <= 50; i++) {
      log.entry(1, i, new byte[i * 37]).state(1, 1, i);
    }
    byte[] bytes = log.bytes(log.bytes().length + 512);
    Decoded whole = Decoded.read(MemorySegments.of(bytes));
    for (int chunk : new int[] {1, 3, 8, 511}) {
      Decoded partial = Decoded.read(new MemorySegments(chunk).put(SegmentId.FIRST, bytes));
      assertNull(partial.error, "chunk " + chunk);
      assertEquals(whole.records.size(), partial.records.size(), "chunk " + chunk);
      for (int i = 0; i < whole.records.size(); i++) {
        assertEquals(
            whole.records.get(i).offset(), partial.records.get(i).offset(), "chunk " + chunk);
        assertArrayEquals(
            whole.records.get(i).data(), partial.records.get(i).data(), "chunk " + chunk);
      }
    }
    assertEquals(1 + 2 + 100, whole.records.size());
  }

  @Test
  void lengthWordWithUnknownFlagsIsDamage() throws IOException {
    LogBuilder log =
        LogBuilder.created(null).entry(1, 1, new byte[] {1}).entry(1, 2, new byte[] {2});
    byte[] bytes = log.bytes(4096);
    int damaged = log.offsetOf(3);
    bytes[damaged + 7] = 0x40; // a top byte etcd never writes
    Decoded decoded = Decoded.read(MemorySegments.of(bytes));
    assertEquals(3, decoded.records.size());
    WalCorruptException corrupt = assertInstanceOf(WalCorruptException.class, decoded.error);
    assertFalse(corrupt instanceof TornTailException, corrupt.getMessage());
    assertEquals(damaged, corrupt.offset());
  }

  @Test
  void recordOffsetsAndLastValidOffsetFollowTheFrames() throws IOException {
    LogBuilder log =
        LogBuilder.created(new byte[] {1, 2, 3}).entry(1, 1, new byte[10]).state(1, 1, 1);
    MemorySegments segments = MemorySegments.of(log.bytes(4096));
    try (RecordReader reader = new RecordReader(segments, segments.ids())) {
      for (int i = 0; i < log.count(); i++) {
        assertTrue(reader.next());
        assertEquals(log.offsetOf(i), reader.recordOffset());
        assertEquals(log.endOf(i), reader.lastValidOffset());
      }
      assertFalse(reader.next());
      assertFalse(reader.next());
    }
  }

  @Test
  void everySegmentReaderIsClosed() throws IOException {
    LogBuilder first = LogBuilder.created(null).entry(1, 1, new byte[] {1});
    LogBuilder second = new LogBuilder(first.runningCrc()).head().entry(1, 2, new byte[] {2});
    byte[] damagedSecond = second.bytes();
    damagedSecond[second.offsetOf(1) + 7] = 0x40;
    MemorySegments clean =
        new MemorySegments()
            .put(SegmentId.FIRST, first.bytes())
            .put(SEGMENT_1, new LogBuilder(first.runningCrc()).head().bytes(4096));
    Decoded.read(clean);
    assertEquals(0, clean.openReaders());
    MemorySegments damaged =
        new MemorySegments().put(SegmentId.FIRST, first.bytes()).put(SEGMENT_1, damagedSecond);
    assertNotNull(Decoded.read(damaged).error);
    assertEquals(0, damaged.openReaders());
  }

  @Test
  void missingSegmentFailsWithTheStoragesError() {
    MemorySegments segments = MemorySegments.of(LogBuilder.created(null).bytes());
    RecordReader reader = new RecordReader(segments, List.of(SegmentId.FIRST, SEGMENT_1));
    IOException e =
        assertThrows(
            IOException.class,
            () -> {
              while (reader.next()) {
                // read on until the missing segment
              }
            });
    assertFalse(e instanceof WalCorruptException, e.toString());
  }
}
