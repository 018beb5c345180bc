package io.github.jwal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.codec.EntryData;
import io.github.jwal.codec.MalformedMessageException;
import io.github.jwal.codec.PayloadDecoder;
import io.github.jwal.codec.RecordEncoder;
import io.github.jwal.codec.RecordType;
import io.github.jwal.proto.walpb.Record;
import io.github.jwal.testing.FrameOracle;
import io.github.jwal.testing.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The encoder's bytes against etcd's golden vectors (docs/format.md, Golden vectors), which were
 * produced by etcd 3.4.23 and 3.6.14.
 */
class EncoderGoldenVectorsTest {
  /** etcd's {@code server/storage/wal/testdata/TestNew.wal}, which its TestNew pins. */
  private static final byte[] TEST_NEW_WAL =
      Hex.bytes(
          "04 00 00 00 00 00 00 84"
              + "08 04 10 00 00 00 00 00"
              + "12 00 00 00 00 00 00 86"
              + "08 01 10 85 d4 fd a0 07"
              + "1a 08 73 6f 6d 65 64 61 74 61 00 00 00 00 00 00"
              + "0e 00 00 00 00 00 00 82"
              + "08 05 10 80 db 81 c1 01"
              + "1a 04 08 00 10 00 00 00");

  private static final byte[] SOMEDATA = "somedata".getBytes(StandardCharsets.US_ASCII);

  @Test
  void createWritesTestNewWal() {
    // etcd TestNew: Create(dir, "somedata") writes crc(0), metadata, snapshot{0,0}.
    RecordEncoder encoder = new RecordEncoder(0, 0);
    encoder.appendCrcRecord();
    encoder.appendRecord(RecordType.METADATA, SOMEDATA);
    encoder.appendRecord(RecordType.SNAPSHOT, RecordEncoder.snapshotPayload(Snapshot.ZERO));
    assertBytes(TEST_NEW_WAL, encoder);
    assertEquals(0x18206d80, encoder.crc());
  }

  @Test
  void saveAfterCreateContinuesTheChain() {
    // What etcd 3.6 writes for Save(HardState{2,1,0}, [Entry{Term:2, Index:1, Data:[]byte{}}])
    // after TestNew.
    RecordEncoder encoder = new RecordEncoder(0, 0);
    encoder.appendCrcRecord();
    encoder.appendRecord(RecordType.METADATA, SOMEDATA);
    encoder.appendRecord(RecordType.SNAPSHOT, RecordEncoder.snapshotPayload(Snapshot.ZERO));
    encoder.appendEntry(EntryType.NORMAL.number(), 2, 1, new byte[0]);
    encoder.appendState(2, 1, 0);
    byte[] continuation =
        Hex.bytes(
            "12 00 00 00 00 00 00 86  08 02 10 d9 e0 82 98 0a  1a 08 08 00 10 02 18 01 22 00"
                + "00 00 00 00 00 00"
                + "10 00 00 00 00 00 00 00  08 03 10 98 ff 87 95 09  1a 06 08 02 10 01 18 00");
    assertBytes(FrameOracle.concat(TEST_NEW_WAL, continuation), encoder);
    assertEquals(0x92a1ff98, encoder.crc());
  }

  @Test
  void cutHeadContinuesFromThePreviousSegmentsCrc() {
    // etcd 3.6: the head of a segment cut when the previous one ended with running CRC 0xb264570a.
    RecordEncoder encoder = new RecordEncoder(0xb264570a, 0);
    encoder.appendCrcRecord();
    encoder.appendRecord(RecordType.METADATA, SOMEDATA);
    encoder.appendState(2, 1, 28);
    byte[] head =
        Hex.bytes(
            "08 00 00 00 00 00 00 00   08 04 10 8a ae 91 93 0b"
                + "12 00 00 00 00 00 00 86   08 01 10 d5 fa e9 e2 0e 1a 08 736f6d6564617461 000000000000"
                + "10 00 00 00 00 00 00 00   08 03 10 f8 93 ab cd 0d 1a 06 08 02 10 01 18 1c");
    assertBytes(head, encoder);
  }

  @Test
  void anEncoderStartingASegmentWritesTheHeadAFreshOneWould() {
    RecordEncoder cutting = new RecordEncoder(0, 0);
    cutting.appendCrcRecord();
    cutting.appendRecord(RecordType.METADATA, SOMEDATA);
    cutting.appendEntry(EntryType.NORMAL.number(), 2, 1, new byte[200_000]);
    cutting.appendState(2, 1, 1);
    int crc = cutting.crc();
    assertThrows(IllegalStateException.class, cutting::startSegment, "undrained bytes");
    cutting.clear();
    cutting.startSegment();
    assertEquals(0, cutting.etcdOsOffset());
    cutting.appendCrcRecord();
    cutting.appendRecord(RecordType.METADATA, SOMEDATA);
    cutting.appendState(2, 1, 1);

    RecordEncoder fresh = new RecordEncoder(crc, 0);
    fresh.appendCrcRecord();
    fresh.appendRecord(RecordType.METADATA, SOMEDATA);
    fresh.appendState(2, 1, 1);
    assertBytes(Arrays.copyOf(fresh.buffer(), fresh.size()), cutting);
    assertEquals(fresh.crc(), cutting.crc());
    assertEquals(fresh.etcdOsOffset(), cutting.etcdOsOffset());
  }

  @Test
  void nilMetadataWritesNoDataField() {
    // docs/format.md, walpb.Record: nil metadata is 08 01 10 00, 4 bytes padded to 8.
    RecordEncoder encoder = new RecordEncoder(0, 0);
    encoder.appendRecord(RecordType.METADATA, null);
    assertBytes(Hex.bytes("04 00 00 00 00 00 00 84  08 01 10 00  00 00 00 00"), encoder);
  }

  @Test
  void emptyMetadataWritesAnEmptyDataField() {
    // docs/format.md, walpb.Record: []byte{} metadata is 08 01 10 00 1a 00, 6 bytes padded to 8.
    RecordEncoder encoder = new RecordEncoder(0, 0);
    encoder.appendRecord(RecordType.METADATA, new byte[0]);
    assertBytes(Hex.bytes("06 00 00 00 00 00 00 82  08 01 10 00 1a 00  00 00"), encoder);
  }

  @Test
  void entryWithNilDataHasNoDataField() {
    assertArrayEquals(Hex.bytes("08 00 10 00 18 01"), entryPayload(0, 0, 1, null));
  }

  @Test
  void entryWithEmptyDataHasAnEmptyDataField() {
    assertArrayEquals(Hex.bytes("08 00 10 00 18 01 22 00"), entryPayload(0, 0, 1, new byte[0]));
  }

  @Test
  void entryPayloadAlwaysEmitsTypeTermAndIndex() {
    // etcd's TestLastRecordLengthExceedFileEnd: Entry{Term:0, Index:1, Data:"waldata1"}.
    assertArrayEquals(
        Hex.bytes("08 00 10 00 18 01 22 08 77 61 6c 64 61 74 61 31"),
        entryPayload(0, 0, 1, "waldata1".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void hardStatePayloadAlwaysEmitsTermVoteAndCommit() {
    // docs/format.md, gogoproto always-emit: HardState{1,2,1}.
    RecordEncoder encoder = new RecordEncoder(0, 0);
    encoder.appendState(1, 2, 1);
    assertArrayEquals(Hex.bytes("08 01 10 02 18 01"), onlyRecord(encoder).getData().toByteArray());
  }

  @Test
  void zeroHardStatePayloadStillEmitsEveryField() {
    RecordEncoder encoder = new RecordEncoder(0, 0);
    encoder.appendState(0, 0, 0);
    assertArrayEquals(Hex.bytes("08 00 10 00 18 00"), onlyRecord(encoder).getData().toByteArray());
  }

  @Test
  void initialSnapshotPayloadEmitsIndexAndTerm() {
    assertArrayEquals(Hex.bytes("08 00 10 00"), RecordEncoder.snapshotPayload(Snapshot.ZERO));
  }

  @Test
  void confStateAlwaysEmitsAutoLeave() {
    // etcd 3.6 writes ConfState{Voters:[1]} as 08 01 28 00 (docs/format.md, gogoproto always-emit).
    assertArrayEquals(
        Hex.bytes("08 01 28 00"), RecordEncoder.confStatePayload(ConfState.ofVoters(1L)));
  }

  @Test
  void snapshotWithConfStateNestsItAsFieldThree() {
    assertArrayEquals(
        Hex.bytes("08 00 10 00 1a 04 08 01 28 00"),
        RecordEncoder.snapshotPayload(new Snapshot(0, 0, ConfState.ofVoters(1L))));
  }

  @Test
  void confStateRepeatedFieldsAreUnpacked() {
    ConfState conf = new ConfState(List.of(1L, 2L), List.of(3L), List.of(4L), List.of(5L), true);
    assertArrayEquals(
        Hex.bytes("08 01 08 02 10 03 18 04 20 05 28 01"), RecordEncoder.confStatePayload(conf));
  }

  @Test
  void crcRecordHoldsTheSeedAndNoData() {
    // A cut's CRC record is always 16 bytes: 2 + 1 + 1..5 payload bytes, padded to 8
    // (docs/format.md, What each segment contains).
    RecordEncoder encoder = new RecordEncoder(0xFFFFFFFF, 0);
    encoder.appendCrcRecord();
    assertBytes(Hex.bytes("08 00 00 00 00 00 00 00  08 04 10 ff ff ff ff 0f"), encoder);
  }

  @Test
  void valuesAboveTwoToThe63RoundTrip() throws MalformedMessageException {
    long max = -1L; // 2^64 - 1
    long high = Long.MIN_VALUE + 5; // 2^63 + 5
    byte[] data = {1, 2, 3};
    RecordEncoder encoder = new RecordEncoder(0, 0);
    encoder.appendEntry(EntryType.CONF_CHANGE_V2.number(), max, high, data);
    byte[] entryPayload = onlyRecord(encoder).getData().toByteArray();
    assertArrayEquals(
        FrameOracle.concat(
            Hex.bytes(
                "08 02 10 ff ff ff ff ff ff ff ff ff 01 18 85 80 80 80 80 80 80 80 80 01 22 03"),
            data),
        entryPayload);
    PayloadDecoder.EntryHeader header = new PayloadDecoder.EntryHeader();
    PayloadDecoder.parseEntry(entryPayload, 0, entryPayload.length, header);
    assertEquals(
        Entry.of(max, high, EntryType.CONF_CHANGE_V2, data),
        PayloadDecoder.entry(entryPayload, header, EntryData.exact()));

    encoder = new RecordEncoder(0, 0);
    encoder.appendState(max, high, Long.MIN_VALUE);
    byte[] statePayload = onlyRecord(encoder).getData().toByteArray();
    assertEquals(
        new HardState(max, high, Long.MIN_VALUE),
        PayloadDecoder.hardState(statePayload, 0, statePayload.length));

    ConfState conf =
        new ConfState(List.of(max), List.of(high), List.of(Long.MIN_VALUE), List.of(), false);
    Snapshot snapshot = new Snapshot(max, high, conf);
    byte[] snapshotPayload = RecordEncoder.snapshotPayload(snapshot);
    assertEquals(snapshot, PayloadDecoder.snapshot(snapshotPayload, 0, snapshotPayload.length));
  }

  @Test
  void typeAboveOneByteIsAVarint() {
    // etcd TestWriteRecord encodes type 0xABCD.
    RecordEncoder encoder = new RecordEncoder(0, 0);
    byte[] hello = "Hello world!".getBytes(StandardCharsets.US_ASCII);
    encoder.appendRecord(0xABCD, hello);
    Record record = onlyRecord(encoder);
    assertEquals(0xABCD, record.getType());
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(hello);
    assertEquals((int) crc.getValue(), record.getCrc());
    assertArrayEquals(hello, record.getData().toByteArray());
  }

  @Test
  void emptyAndNilRecordsKeepTheirDifferenceThroughTheParser() throws MalformedMessageException {
    byte[] nil = entryPayload(0, 7, 9, null);
    byte[] empty = entryPayload(0, 7, 9, new byte[0]);
    PayloadDecoder.EntryHeader header = new PayloadDecoder.EntryHeader();
    PayloadDecoder.parseEntry(nil, 0, nil.length, header);
    Entry fromNil = PayloadDecoder.entry(nil, header, EntryData.exact());
    PayloadDecoder.parseEntry(empty, 0, empty.length, header);
    Entry fromEmpty = PayloadDecoder.entry(empty, header, EntryData.exact());
    assertFalse(fromNil.hasData());
    assertNull(fromNil.data());
    assertTrue(fromEmpty.hasData());
    assertArrayEquals(new byte[0], fromEmpty.data());
  }

  /** The data of the single entry record an encoder wrote for this entry. */
  private static byte[] entryPayload(int type, long term, long index, byte[] data) {
    RecordEncoder encoder = new RecordEncoder(0, 0);
    encoder.appendEntry(type, term, index, data);
    return onlyRecord(encoder).getData().toByteArray();
  }

  /** The one frame an encoder holds, parsed by protobuf-java, after checking its framing. */
  private static Record onlyRecord(RecordEncoder encoder) {
    byte[] bytes = Arrays.copyOf(encoder.buffer(), encoder.size());
    List<Integer> offsets = FrameOracle.frameOffsets(bytes);
    assertEquals(List.of(0, bytes.length), offsets, "one frame");
    Record record = FrameOracle.recordAt(bytes, 0);
    assertArrayEquals(FrameOracle.frame(record.toByteArray()), bytes, "framing");
    return record;
  }

  private static void assertBytes(byte[] expected, RecordEncoder encoder) {
    byte[] actual = Arrays.copyOf(encoder.buffer(), encoder.size());
    assertEquals(Hex.format(expected), Hex.format(actual));
  }
}
