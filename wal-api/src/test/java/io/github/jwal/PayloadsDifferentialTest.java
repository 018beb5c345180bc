package io.github.jwal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.WireFormat;
import io.github.jwal.codec.EntryData;
import io.github.jwal.codec.MalformedMessageException;
import io.github.jwal.codec.PayloadDecoder;
import io.github.jwal.codec.RecordEncoder;
import io.github.jwal.codec.RecordType;
import io.github.jwal.proto.raftpb.EntryType;
import io.github.jwal.testing.FrameOracle;
import io.github.jwal.testing.Hex;
import io.github.jwal.testing.Seeds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hand-written payload codec against protobuf-java's generated {@code walpb}/{@code raftpb}
 * classes. Writing: the same bytes as protobuf-java with every field explicitly set (proto2
 * explicit presence emits a set field even when it is zero, which is the gogoproto always-emit
 * form). Reading: the same values as protobuf-java for anything protobuf-java writes, with fields
 * absent, packed, repeated, reordered or unknown.
 */
class PayloadsDifferentialTest {
  private static final int CASES = 2_000;

  @Test
  void encodedRecordsEqualProtobufJavaFramesAndChain() {
    long seed = Seeds.seed();
    for (int c = 0; c < CASES; c++) {
      SplittableRandom random = new SplittableRandom(Seeds.caseSeed(seed, c));
      RecordEncoder encoder = new RecordEncoder(0, 0);
      java.util.zip.CRC32C chain =
          new java.util.zip.CRC32C(); // from 0, the chain is the CRC of all data
      int records = 1 + random.nextInt(20);
      for (int r = 0; r < records; r++) {
        int before = encoder.size();
        long type;
        byte[] payload;
        switch (random.nextInt(5)) {
          case 0 -> {
            io.github.jwal.proto.raftpb.Entry entry = randomProtoEntry(random, true);
            encoder.appendEntry(
                entry.getType().getNumber(),
                entry.getTerm(),
                entry.getIndex(),
                entry.hasData() ? entry.getData().toByteArray() : null);
            type = RecordType.ENTRY;
            payload = entry.toByteArray();
          }
          case 1 -> {
            io.github.jwal.proto.raftpb.HardState state = randomProtoHardState(random, true);
            encoder.appendState(state.getTerm(), state.getVote(), state.getCommit());
            type = RecordType.STATE;
            payload = state.toByteArray();
          }
          case 2 -> {
            io.github.jwal.proto.walpb.Snapshot snapshot = randomProtoSnapshot(random, true);
            encoder.appendRecord(
                RecordType.SNAPSHOT, RecordEncoder.snapshotPayload(toJwal(snapshot)));
            type = RecordType.SNAPSHOT;
            payload = snapshot.toByteArray();
          }
          case 3 -> {
            payload = random.nextInt(4) == 0 ? null : randomBytes(random, random.nextInt(40));
            encoder.appendRecord(RecordType.METADATA, payload);
            type = RecordType.METADATA;
          }
          default -> {
            encoder.appendCrcRecord();
            type = RecordType.CRC;
            payload = null;
          }
        }
        if (payload != null) {
          chain.update(payload);
        }
        byte[] expected =
            FrameOracle.frame(FrameOracle.record(type, (int) chain.getValue(), payload));
        byte[] actual = Arrays.copyOfRange(encoder.buffer(), before, encoder.size());
        assertEquals(
            Hex.format(expected), Hex.format(actual), Seeds.replay(seed, c) + ", record " + r);
      }
      assertEquals((int) chain.getValue(), encoder.crc(), Seeds.replay(seed, c));
    }
  }

  @Test
  void snapshotPayloadEqualsProtobufJavaWithEveryFieldSet() {
    long seed = Seeds.seed();
    for (int c = 0; c < CASES; c++) {
      SplittableRandom random = new SplittableRandom(Seeds.caseSeed(seed, c));
      io.github.jwal.proto.walpb.Snapshot snapshot = randomProtoSnapshot(random, true);
      assertEquals(
          Hex.format(snapshot.toByteArray()),
          Hex.format(RecordEncoder.snapshotPayload(toJwal(snapshot))),
          Seeds.replay(seed, c) + ": " + snapshot);
    }
  }

  @Test
  void encodedSnapshotsParseBackInProtobufJava() throws InvalidProtocolBufferException {
    long seed = Seeds.seed();
    for (int c = 0; c < CASES; c++) {
      SplittableRandom random = new SplittableRandom(Seeds.caseSeed(seed, c));
      io.github.jwal.proto.walpb.Snapshot snapshot =
          randomProtoSnapshot(random, random.nextBoolean());
      Snapshot jwal = toJwal(snapshot);
      assertEquals(
          jwal,
          toJwal(
              io.github.jwal.proto.walpb.Snapshot.parseFrom(RecordEncoder.snapshotPayload(jwal))),
          Seeds.replay(seed, c));
    }
  }

  @Test
  void entryParserAgreesWithProtobufJavaOnAnyPresence() throws MalformedMessageException {
    long seed = Seeds.seed();
    for (int c = 0; c < CASES; c++) {
      SplittableRandom random = new SplittableRandom(Seeds.caseSeed(seed, c));
      io.github.jwal.proto.raftpb.Entry entry = randomProtoEntry(random, false);
      byte[] bytes = entry.toByteArray();
      assertEquals(
          toJwal(entry), parseEntry(bytes), Seeds.replay(seed, c) + ": " + Hex.format(bytes));
    }
  }

  @Test
  void hardStateParserAgreesWithProtobufJavaOnAnyPresence() throws MalformedMessageException {
    long seed = Seeds.seed();
    for (int c = 0; c < CASES; c++) {
      SplittableRandom random = new SplittableRandom(Seeds.caseSeed(seed, c));
      io.github.jwal.proto.raftpb.HardState state = randomProtoHardState(random, false);
      byte[] bytes = state.toByteArray();
      assertEquals(
          toJwal(state),
          PayloadDecoder.hardState(bytes, 0, bytes.length),
          Seeds.replay(seed, c) + ": " + Hex.format(bytes));
    }
  }

  @Test
  void snapshotParserAgreesWithProtobufJavaOnAnyPresence() throws MalformedMessageException {
    long seed = Seeds.seed();
    for (int c = 0; c < CASES; c++) {
      SplittableRandom random = new SplittableRandom(Seeds.caseSeed(seed, c));
      io.github.jwal.proto.walpb.Snapshot snapshot = randomProtoSnapshot(random, false);
      byte[] bytes = snapshot.toByteArray();
      assertEquals(
          toJwal(snapshot),
          PayloadDecoder.snapshot(bytes, 0, bytes.length),
          Seeds.replay(seed, c) + ": " + Hex.format(bytes));
    }
  }

  @Test
  void snapshotParserAcceptsPackedConfStateFields() throws IOException, MalformedMessageException {
    long seed = Seeds.seed();
    for (int c = 0; c < CASES; c++) {
      SplittableRandom random = new SplittableRandom(Seeds.caseSeed(seed, c));
      io.github.jwal.proto.raftpb.ConfState conf = randomProtoConfState(random);
      byte[] confBytes = packed(conf, random);
      // protobuf-java reads the packed form back as the same message: the bytes are valid.
      assertEquals(
          conf, io.github.jwal.proto.raftpb.ConfState.parseFrom(confBytes), Seeds.replay(seed, c));
      byte[] snapshotBytes =
          io.github.jwal.proto.walpb.Snapshot.newBuilder()
              .setIndex(randomUint64(random))
              .setTerm(randomUint64(random))
              .setConfState(conf)
              .build()
              .toByteArray();
      // Replace the unpacked conf state protobuf-java wrote by the packed one.
      io.github.jwal.proto.walpb.Snapshot parsed =
          io.github.jwal.proto.walpb.Snapshot.parseFrom(snapshotBytes);
      byte[] withPacked =
          FrameOracle.concat(
              parsed.toBuilder().clearConfState().build().toByteArray(),
              lengthDelimitedField(3, confBytes));
      assertEquals(
          toJwal(io.github.jwal.proto.walpb.Snapshot.parseFrom(withPacked)),
          PayloadDecoder.snapshot(withPacked, 0, withPacked.length),
          Seeds.replay(seed, c) + ": " + Hex.format(withPacked));
    }
  }

  @Test
  void parsersSkipUnknownFieldsOfEveryWireType() throws IOException, MalformedMessageException {
    long seed = Seeds.seed();
    for (int c = 0; c < CASES; c++) {
      SplittableRandom random = new SplittableRandom(Seeds.caseSeed(seed, c));
      io.github.jwal.proto.raftpb.Entry entry =
          randomProtoEntry(random, false).toBuilder()
              .setUnknownFields(randomUnknownFields(random))
              .build();
      io.github.jwal.proto.raftpb.HardState state =
          randomProtoHardState(random, false).toBuilder()
              .setUnknownFields(randomUnknownFields(random))
              .build();
      io.github.jwal.proto.raftpb.ConfState conf =
          randomProtoConfState(random).toBuilder()
              .setUnknownFields(randomUnknownFields(random))
              .build();
      io.github.jwal.proto.walpb.Snapshot snapshot =
          randomProtoSnapshot(random, false).toBuilder()
              .setConfState(conf)
              .setUnknownFields(randomUnknownFields(random))
              .build();
      String where = Seeds.replay(seed, c);
      byte[] entryBytes = entry.toByteArray();
      assertEquals(
          toJwal(io.github.jwal.proto.raftpb.Entry.parseFrom(entryBytes)),
          parseEntry(entryBytes),
          where + ": " + Hex.format(entryBytes));
      byte[] stateBytes = state.toByteArray();
      assertEquals(
          toJwal(io.github.jwal.proto.raftpb.HardState.parseFrom(stateBytes)),
          PayloadDecoder.hardState(stateBytes, 0, stateBytes.length),
          where + ": " + Hex.format(stateBytes));
      byte[] snapshotBytes = snapshot.toByteArray();
      assertEquals(
          toJwal(io.github.jwal.proto.walpb.Snapshot.parseFrom(snapshotBytes)),
          PayloadDecoder.snapshot(snapshotBytes, 0, snapshotBytes.length),
          where + ": " + Hex.format(snapshotBytes));
    }
  }

  @Test
  void parsersMergeConcatenatedMessagesAsProtobufDoes()
      throws IOException, MalformedMessageException {
    // Fields may come in any order and more than once: the last scalar wins, repeated fields add
    // up.
    long seed = Seeds.seed();
    for (int c = 0; c < CASES; c++) {
      SplittableRandom random = new SplittableRandom(Seeds.caseSeed(seed, c));
      String where = Seeds.replay(seed, c);
      byte[] entries =
          FrameOracle.concat(
              randomProtoEntry(random, false).toByteArray(),
              randomProtoEntry(random, false).toByteArray());
      assertEquals(
          toJwal(io.github.jwal.proto.raftpb.Entry.parseFrom(entries)),
          parseEntry(entries),
          where + ": " + Hex.format(entries));
      byte[] states =
          FrameOracle.concat(
              randomProtoHardState(random, false).toByteArray(),
              randomProtoHardState(random, false).toByteArray());
      assertEquals(
          toJwal(io.github.jwal.proto.raftpb.HardState.parseFrom(states)),
          PayloadDecoder.hardState(states, 0, states.length),
          where + ": " + Hex.format(states));
      byte[] snapshots =
          FrameOracle.concat(
              randomProtoSnapshot(random, false).toByteArray(),
              randomProtoSnapshot(random, false).toByteArray());
      io.github.jwal.proto.walpb.Snapshot merged =
          io.github.jwal.proto.walpb.Snapshot.parseFrom(snapshots);
      assertEquals(
          toJwal(merged),
          PayloadDecoder.snapshot(snapshots, 0, snapshots.length),
          where + ": " + Hex.format(snapshots));
    }
  }

  @Test
  void parsersReadAPayloadInsideALargerArray() throws MalformedMessageException {
    long seed = Seeds.seed();
    for (int c = 0; c < CASES; c++) {
      SplittableRandom random = new SplittableRandom(Seeds.caseSeed(seed, c));
      io.github.jwal.proto.raftpb.Entry entry = randomProtoEntry(random, false);
      byte[] bytes = entry.toByteArray();
      byte[] before = randomBytes(random, random.nextInt(16));
      byte[] after = randomBytes(random, random.nextInt(16));
      byte[] embedded = FrameOracle.concat(before, bytes, after);
      PayloadDecoder.EntryHeader header = new PayloadDecoder.EntryHeader();
      PayloadDecoder.parseEntry(embedded, before.length, bytes.length, header);
      assertEquals(
          toJwal(entry),
          PayloadDecoder.entry(embedded, header, EntryData.exact()),
          Seeds.replay(seed, c));
    }
  }

  private static Entry parseEntry(byte[] bytes) throws MalformedMessageException {
    PayloadDecoder.EntryHeader header = new PayloadDecoder.EntryHeader();
    PayloadDecoder.parseEntry(bytes, 0, bytes.length, header);
    return PayloadDecoder.entry(bytes, header, EntryData.exact());
  }

  /** {@code conf} with each repeated field written packed, unpacked, or split between both. */
  private static byte[] packed(io.github.jwal.proto.raftpb.ConfState conf, SplittableRandom random)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<List<Long>> lists =
        List.of(
            conf.getVotersList(),
            conf.getLearnersList(),
            conf.getVotersOutgoingList(),
            conf.getLearnersNextList());
    for (int field = 1; field <= 4; field++) {
      List<Long> values = lists.get(field - 1);
      int split = random.nextInt(3) == 0 ? random.nextInt(values.size() + 1) : values.size();
      if (split > 0 || random.nextInt(4) == 0) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        CodedOutputStream bodyOut = CodedOutputStream.newInstance(body);
        for (long v : values.subList(0, split)) {
          bodyOut.writeUInt64NoTag(v);
        }
        bodyOut.flush();
        out.write(lengthDelimitedField(field, body.toByteArray()));
      }
      CodedOutputStream rest = CodedOutputStream.newInstance(out);
      for (long v : values.subList(split, values.size())) {
        rest.writeUInt64(field, v);
      }
      rest.flush();
    }
    if (conf.hasAutoLeave()) {
      CodedOutputStream tail = CodedOutputStream.newInstance(out);
      tail.writeBool(5, conf.getAutoLeave());
      tail.flush();
    }
    return out.toByteArray();
  }

  private static byte[] lengthDelimitedField(int field, byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    coded.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    coded.writeUInt32NoTag(body.length);
    coded.writeRawBytes(body);
    coded.flush();
    return out.toByteArray();
  }

  private static UnknownFieldSet randomUnknownFields(SplittableRandom random) {
    UnknownFieldSet.Builder set = UnknownFieldSet.newBuilder();
    int fields = random.nextInt(4);
    for (int i = 0; i < fields; i++) {
      int number = 6 + random.nextInt(2000);
      UnknownFieldSet.Field.Builder field = UnknownFieldSet.Field.newBuilder();
      switch (random.nextInt(5)) {
        case 0 -> field.addVarint(randomUint64(random));
        case 1 -> field.addFixed32(random.nextInt());
        case 2 -> field.addFixed64(random.nextLong());
        case 3 ->
            field.addLengthDelimited(ByteString.copyFrom(randomBytes(random, random.nextInt(30))));
        default ->
            field.addGroup(
                UnknownFieldSet.newBuilder()
                    .addField(
                        1 + random.nextInt(100),
                        UnknownFieldSet.Field.newBuilder()
                            .addVarint(randomUint64(random))
                            .addLengthDelimited(
                                ByteString.copyFrom(randomBytes(random, random.nextInt(10))))
                            .build())
                    .build());
      }
      set.mergeField(number, field.build());
    }
    return set.build();
  }

  /** An entry; with {@code allSet} every field is set, else each field is set or not at random. */
  private static io.github.jwal.proto.raftpb.Entry randomProtoEntry(
      SplittableRandom random, boolean allSet) {
    io.github.jwal.proto.raftpb.Entry.Builder entry =
        io.github.jwal.proto.raftpb.Entry.newBuilder();
    if (allSet || random.nextBoolean()) {
      entry.setType(EntryType.forNumber(random.nextInt(3)));
    }
    if (allSet || random.nextBoolean()) {
      entry.setTerm(randomUint64(random));
    }
    if (allSet || random.nextBoolean()) {
      entry.setIndex(randomUint64(random));
    }
    if (random.nextInt(4) != 0) {
      int length = random.nextInt(5) == 0 ? 0 : random.nextInt(random.nextBoolean() ? 20 : 3000);
      entry.setData(ByteString.copyFrom(randomBytes(random, length)));
    }
    return entry.build();
  }

  private static io.github.jwal.proto.raftpb.HardState randomProtoHardState(
      SplittableRandom random, boolean allSet) {
    io.github.jwal.proto.raftpb.HardState.Builder state =
        io.github.jwal.proto.raftpb.HardState.newBuilder();
    if (allSet || random.nextBoolean()) {
      state.setTerm(randomUint64(random));
    }
    if (allSet || random.nextBoolean()) {
      state.setVote(randomUint64(random));
    }
    if (allSet || random.nextBoolean()) {
      state.setCommit(randomUint64(random));
    }
    return state.build();
  }

  private static io.github.jwal.proto.walpb.Snapshot randomProtoSnapshot(
      SplittableRandom random, boolean allSet) {
    io.github.jwal.proto.walpb.Snapshot.Builder snapshot =
        io.github.jwal.proto.walpb.Snapshot.newBuilder();
    if (allSet || random.nextBoolean()) {
      snapshot.setIndex(randomUint64(random));
    }
    if (allSet || random.nextBoolean()) {
      snapshot.setTerm(randomUint64(random));
    }
    if (random.nextInt(3) != 0) {
      io.github.jwal.proto.raftpb.ConfState conf = randomProtoConfState(random);
      if (allSet && !conf.hasAutoLeave()) {
        conf = conf.toBuilder().setAutoLeave(false).build();
      }
      snapshot.setConfState(conf);
    }
    return snapshot.build();
  }

  private static io.github.jwal.proto.raftpb.ConfState randomProtoConfState(
      SplittableRandom random) {
    io.github.jwal.proto.raftpb.ConfState.Builder conf =
        io.github.jwal.proto.raftpb.ConfState.newBuilder();
    for (int i = random.nextInt(6); i > 0; i--) {
      conf.addVoters(randomUint64(random));
    }
    for (int i = random.nextInt(4); i > 0; i--) {
      conf.addLearners(randomUint64(random));
    }
    for (int i = random.nextInt(4); i > 0; i--) {
      conf.addVotersOutgoing(randomUint64(random));
    }
    for (int i = random.nextInt(4); i > 0; i--) {
      conf.addLearnersNext(randomUint64(random));
    }
    if (random.nextBoolean()) {
      conf.setAutoLeave(random.nextBoolean());
    }
    return conf.build();
  }

  static Entry toJwal(io.github.jwal.proto.raftpb.Entry e) {
    return Entry.of(
        e.getTerm(),
        e.getIndex(),
        io.github.jwal.EntryType.forNumber(e.getType().getNumber()),
        e.hasData() ? e.getData().toByteArray() : null);
  }

  static HardState toJwal(io.github.jwal.proto.raftpb.HardState s) {
    return new HardState(s.getTerm(), s.getVote(), s.getCommit());
  }

  static Snapshot toJwal(io.github.jwal.proto.walpb.Snapshot s) {
    return new Snapshot(
        s.getIndex(), s.getTerm(), s.hasConfState() ? toJwal(s.getConfState()) : null);
  }

  static ConfState toJwal(io.github.jwal.proto.raftpb.ConfState c) {
    return new ConfState(
        new ArrayList<>(c.getVotersList()),
        new ArrayList<>(c.getLearnersList()),
        new ArrayList<>(c.getVotersOutgoingList()),
        new ArrayList<>(c.getLearnersNextList()),
        c.getAutoLeave());
  }

  /** Zero, small, large, around 2^63 and 2^64 - 1: every varint length. */
  static long randomUint64(SplittableRandom random) {
    return switch (random.nextInt(6)) {
      case 0 -> 0;
      case 1 -> random.nextInt(300);
      case 2 -> random.nextLong() >>> random.nextInt(64);
      case 3 -> Long.MIN_VALUE + random.nextInt(3);
      case 4 -> -1L - random.nextInt(3);
      default -> random.nextLong();
    };
  }

  static byte[] randomBytes(SplittableRandom random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
