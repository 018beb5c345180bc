package io.github.jwal;

import io.github.jwal.internal.MalformedMessageException;
import io.github.jwal.internal.ProtoReader;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The payloads inside records: {@code raftpb.Entry}, {@code raftpb.HardState}, {@code walpb.Snapshot}
 * and {@code raftpb.ConfState}. Writes the gogoproto "always emit" form etcd 3.4–3.6 writes; reads any
 * valid proto2 encoding (absent fields are 0, repeated fields packed or not, unknown fields skipped).
 * Entries and hard states are written by {@link io.github.jwal.internal.RecordEncoder} directly.
 */
final class Payloads {
  private Payloads() {}

  /** An entry's header fields, parsed without copying its data. */
  static final class EntryHeader {
    long term;
    long index;
    EntryType type = EntryType.NORMAL;
    int dataOffset;
    int dataLength = -1;

    boolean hasData() {
      return dataLength >= 0;
    }
  }

  static void parseEntry(byte[] b, int off, int len, EntryHeader into) throws MalformedMessageException {
    into.term = 0;
    into.index = 0;
    into.type = EntryType.NORMAL;
    into.dataLength = -1;
    ProtoReader r = new ProtoReader(b, off, len);
    while (r.nextField()) {
      switch (r.fieldNumber()) {
        case 1 -> {
          long number = r.varint();
          if (number < 0 || number > 2) { // above 2^63 the unsigned number is negative
            throw new MalformedMessageException("unknown entry type " + number);
          }
          into.type = EntryType.forNumber(number);
        }
        case 2 -> into.term = r.varint();
        case 3 -> into.index = r.varint();
        case 4 -> {
          into.dataOffset = r.lengthDelimited();
          into.dataLength = r.lastLength();
        }
        default -> r.skip();
      }
    }
  }

  /** The entry the header describes, its payload copied out of {@code b} to where {@code to} says. */
  static Entry entry(byte[] b, EntryHeader header, EntryData to) {
    if (!header.hasData()) {
      return Entry.adopt(header.term, header.index, header.type, null, 0, 0);
    }
    byte[] data = to.allocate(header.dataLength);
    int offset = to.offset();
    System.arraycopy(b, header.dataOffset, data, offset, header.dataLength);
    return Entry.adopt(header.term, header.index, header.type, data, offset, header.dataLength);
  }

  static HardState hardState(byte[] b, int off, int len) throws MalformedMessageException {
    long term = 0;
    long vote = 0;
    long commit = 0;
    ProtoReader r = new ProtoReader(b, off, len);
    while (r.nextField()) {
      switch (r.fieldNumber()) {
        case 1 -> term = r.varint();
        case 2 -> vote = r.varint();
        case 3 -> commit = r.varint();
        default -> r.skip();
      }
    }
    return new HardState(term, vote, commit);
  }

  static Snapshot snapshot(byte[] b, int off, int len) throws MalformedMessageException {
    long index = 0;
    long term = 0;
    ConfState confState = null;
    ProtoReader r = new ProtoReader(b, off, len);
    while (r.nextField()) {
      switch (r.fieldNumber()) {
        case 1 -> index = r.varint();
        case 2 -> term = r.varint();
        case 3 -> {
          int start = r.lengthDelimited();
          confState = confState(b, start, r.lastLength(), confState);
        }
        default -> r.skip();
      }
    }
    return new Snapshot(index, term, confState);
  }

  /** Reads a conf state; a second occurrence of the field merges into the first, as protobuf does. */
  private static ConfState confState(byte[] b, int off, int len, ConfState merged)
      throws MalformedMessageException {
    List<List<Long>> lists = merged == null
        ? List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>())
        : List.of(new ArrayList<>(merged.voters()), new ArrayList<>(merged.learners()),
            new ArrayList<>(merged.votersOutgoing()), new ArrayList<>(merged.learnersNext()));
    boolean autoLeave = merged != null && merged.autoLeave();
    ProtoReader r = new ProtoReader(b, off, len);
    while (r.nextField()) {
      int field = r.fieldNumber();
      if (field >= 1 && field <= 4) {
        List<Long> list = lists.get(field - 1);
        if (r.wireType() == ProtoReader.LENGTH_DELIMITED) {
          int start = r.lengthDelimited();
          ProtoReader packed = new ProtoReader(b, start, r.lastLength());
          while (packed.hasMoreVarints()) {
            list.add(packed.nextPackedVarint());
          }
        } else {
          list.add(r.varint());
        }
      } else if (field == 5) {
        autoLeave = r.varint() != 0;
      } else {
        r.skip();
      }
    }
    return new ConfState(lists.get(0), lists.get(1), lists.get(2), lists.get(3), autoLeave);
  }

  /** {@code walpb.Snapshot} as gogoproto writes it: index and term always, conf state if present. */
  static byte[] encode(Snapshot snapshot) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(32);
    tag(out, 1, 0);
    varint(out, snapshot.index());
    tag(out, 2, 0);
    varint(out, snapshot.term());
    if (snapshot.confState() != null) {
      byte[] conf = encode(snapshot.confState());
      tag(out, 3, 2);
      varint(out, conf.length);
      out.writeBytes(conf);
    }
    return out.toByteArray();
  }

  /** {@code raftpb.ConfState}: repeated fields unpacked (proto2's default), auto_leave always. */
  static byte[] encode(ConfState conf) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(32);
    List<List<Long>> lists = List.of(conf.voters(), conf.learners(), conf.votersOutgoing(), conf.learnersNext());
    for (int field = 1; field <= 4; field++) {
      for (long id : lists.get(field - 1)) {
        tag(out, field, 0);
        varint(out, id);
      }
    }
    tag(out, 5, 0);
    varint(out, conf.autoLeave() ? 1 : 0);
    return out.toByteArray();
  }

  private static void tag(ByteArrayOutputStream out, int field, int wireType) {
    out.write((field << 3) | wireType);
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }
}
