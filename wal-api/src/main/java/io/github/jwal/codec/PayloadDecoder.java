package io.github.jwal.codec;

import io.github.jwal.ConfState;
import io.github.jwal.Entry;
import io.github.jwal.EntryType;
import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the payloads inside records: {@code raftpb.Entry}, {@code raftpb.HardState}, {@code
 * walpb.Snapshot} and {@code raftpb.ConfState}, in any valid proto2 encoding (absent fields are 0,
 * repeated fields packed or not, unknown fields skipped). {@link RecordEncoder} writes them.
 */
public final class PayloadDecoder {
  private PayloadDecoder() {}

  /** An entry's header fields, parsed without copying its data. */
  public static final class EntryHeader {
    public long term;
    public long index;
    public EntryType type = EntryType.NORMAL;
    public int dataOffset;
    public int dataLength = -1;

    public boolean hasData() {
      return dataLength >= 0;
    }
  }

  public static void parseEntry(byte[] b, int off, int len, EntryHeader into)
      throws MalformedMessageException {
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

  /**
   * The entry the header describes, its payload copied out of {@code b} to where {@code to} says.
   */
  public static Entry entry(byte[] b, EntryHeader header, EntryData to) {
    if (!header.hasData()) {
      return EntryAccess.get().adopt(header.term, header.index, header.type, null, 0, 0);
    }
    byte[] data = to.allocate(header.dataLength);
    int offset = to.offset();
    System.arraycopy(b, header.dataOffset, data, offset, header.dataLength);
    return EntryAccess.get()
        .adopt(header.term, header.index, header.type, data, offset, header.dataLength);
  }

  public static HardState hardState(byte[] b, int off, int len) throws MalformedMessageException {
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

  public static Snapshot snapshot(byte[] b, int off, int len) throws MalformedMessageException {
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

  /**
   * Reads a conf state; a second occurrence of the field merges into the first, as protobuf does.
   */
  private static ConfState confState(byte[] b, int off, int len, ConfState merged)
      throws MalformedMessageException {
    List<List<Long>> lists =
        merged == null
            ? List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>())
            : List.of(
                new ArrayList<>(merged.voters()),
                new ArrayList<>(merged.learners()),
                new ArrayList<>(merged.votersOutgoing()),
                new ArrayList<>(merged.learnersNext()));
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
}
