package io.github.jwal.codec;

import io.github.jwal.ConfState;
import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes records as etcd's encoder does, byte for byte, into a reusable buffer: frames, the
 * gogoproto "always emit" record and payload layout (zero-valued fields present, an absent payload
 * kept apart from an empty one) and the running CRC-32C chain. The one encoder of the format:
 * entries, hard states, snapshots with their conf state, metadata and CRC records.
 *
 * <p>Encoding an entry allocates nothing: the payload header goes into a scratch array, the CRC
 * runs over the header and the caller's data, and both are copied once, into the buffer the caller
 * drains with {@link #buffer()}, {@link #size()} and {@link #clear()}.
 *
 * <p>Not thread-safe.
 */
public final class RecordEncoder {
  private static final int INITIAL_BUFFER_BYTES = 64 * 1024;

  /** A buffer grown past this for a big entry is given back after it is drained. */
  private static final int RETAINED_BUFFER_BYTES = 4 * 1024 * 1024;

  /** The largest frame a Java array can hold, with headroom for VM array headers. */
  private static final int MAX_FRAME_BYTES = Integer.MAX_VALUE - 16;

  private static final int DATA_TAG = 0x1a;
  private static final int MAX_FIELD = 1 + 10;
  private static final int MAX_CRC_FIELD = 1 + 5;

  /**
   * The most bytes the frame of an entry takes beyond its payload: the length word, the record's
   * fields and the entry's, each with the longest varint it can have, and the padding.
   */
  public static final int MAX_ENTRY_FRAME_OVERHEAD =
      Frames.LENGTH_WORD_BYTES
          + MAX_FIELD
          + MAX_CRC_FIELD
          + MAX_FIELD
          + 3 * MAX_FIELD
          + MAX_CRC_FIELD
          + 7;

  /** The most bytes the frame of a state record takes. */
  public static final int MAX_STATE_FRAME_BYTES =
      Frames.LENGTH_WORD_BYTES + MAX_FIELD + MAX_CRC_FIELD + MAX_FIELD + 3 * MAX_FIELD + 7;

  private final Crc32c crc32c = new Crc32c();
  private final byte[] head = new byte[4 * 11];
  private EtcdFlushModel etcdModel;
  private int crc;
  private byte[] buf = new byte[INITIAL_BUFFER_BYTES];
  private int size;

  /**
   * An encoder continuing the chain from {@code crc}, for a file whose offset is {@code fileOffset}
   * (etcd's {@code newFileEncoder(f, prevCrc)}).
   */
  public RecordEncoder(int crc, long fileOffset) {
    this.crc = crc;
    this.etcdModel = new EtcdFlushModel(fileOffset);
  }

  /**
   * Continues the chain into a new segment, as etcd's {@code newFileEncoder(f, prevCrc)} over a
   * fresh file does: the CRC runs on and the file offset starts again at 0. The buffer, drained, is
   * kept: a cut-heavy log would otherwise grow a new one from 64 KiB to its saves' size at every
   * cut.
   *
   * @throws IllegalStateException if encoded bytes were not drained
   */
  public void startSegment() {
    if (size != 0) {
      throw new IllegalStateException(size + " encoded bytes were not drained before the cut");
    }
    etcdModel = new EtcdFlushModel(0);
  }

  /** The running CRC after the last record encoded. */
  public int crc() {
    return crc;
  }

  /** The offset at which etcd would see its file now; see {@link EtcdFlushModel}. */
  public long etcdOsOffset() {
    return etcdModel.osOffset();
  }

  /** Tells the model that the caller synced, which flushes etcd's page buffer. */
  public void markSynced() {
    etcdModel.flush();
  }

  /**
   * A record of {@code type} whose data is {@code data}, or that has no data field when {@code
   * data} is {@code null}.
   */
  public void appendRecord(long type, byte[] data) {
    if (data == null) {
      appendFrame(type, 0, null, 0, 0, false);
    } else {
      appendFrame(type, 0, data, 0, data.length, true);
    }
  }

  /** The CRC record that starts a segment: type 4, no data, the running CRC as its crc. */
  public void appendCrcRecord() {
    appendFrame(RecordType.CRC, 0, null, 0, 0, false);
  }

  /**
   * An entry record: {@code raftpb.Entry{Type, Term, Index, Data}}, read from the entry in place.
   */
  public void appendEntry(Entry entry) {
    EntryAccess access = EntryAccess.get();
    appendEntry(
        entry.type().number(),
        entry.term(),
        entry.index(),
        access.array(entry),
        access.offset(entry),
        entry.dataLength());
  }

  /** An entry record: {@code raftpb.Entry{Type, Term, Index, Data}} with {@code data} optional. */
  public void appendEntry(int entryType, long term, long index, byte[] data) {
    appendEntry(entryType, term, index, data, 0, data == null ? 0 : data.length);
  }

  /**
   * An entry record whose data is {@code data[offset .. offset + length)}, or absent when {@code
   * data} is {@code null}.
   */
  public void appendEntry(
      int entryType, long term, long index, byte[] data, int offset, int length) {
    int h = 0;
    head[h++] = 0x08;
    h = Varints.write(head, h, entryType);
    head[h++] = 0x10;
    h = Varints.write(head, h, term);
    head[h++] = 0x18;
    h = Varints.write(head, h, index);
    if (data != null) {
      head[h++] = 0x22;
      h = Varints.write(head, h, length);
    }
    appendFrame(RecordType.ENTRY, h, data, offset, length, true);
  }

  /** A state record: {@code raftpb.HardState{term, vote, commit}}, all three always written. */
  public void appendState(long term, long vote, long commit) {
    int h = 0;
    head[h++] = 0x08;
    h = Varints.write(head, h, term);
    head[h++] = 0x10;
    h = Varints.write(head, h, vote);
    head[h++] = 0x18;
    h = Varints.write(head, h, commit);
    appendFrame(RecordType.STATE, h, null, 0, 0, true);
  }

  /** A state record holding {@code state}. */
  public void appendState(HardState state) {
    appendState(state.term(), state.vote(), state.commit());
  }

  /** A snapshot record holding {@link #snapshotPayload(Snapshot)}. */
  public void appendSnapshot(Snapshot snapshot) {
    appendRecord(RecordType.SNAPSHOT, snapshotPayload(snapshot));
  }

  /**
   * {@code walpb.Snapshot} as gogoproto writes it: index and term always, the conf state if
   * present.
   */
  public static byte[] snapshotPayload(Snapshot snapshot) {
    byte[] conf = snapshot.confState() == null ? null : confStatePayload(snapshot.confState());
    int length =
        1
            + Varints.size(snapshot.index())
            + 1
            + Varints.size(snapshot.term())
            + (conf == null ? 0 : 1 + Varints.size(conf.length) + conf.length);
    byte[] payload = new byte[length];
    int p = 0;
    payload[p++] = 0x08;
    p = Varints.write(payload, p, snapshot.index());
    payload[p++] = 0x10;
    p = Varints.write(payload, p, snapshot.term());
    if (conf != null) {
      payload[p++] = 0x1a;
      p = Varints.write(payload, p, conf.length);
      System.arraycopy(conf, 0, payload, p, conf.length);
    }
    return payload;
  }

  /** {@code raftpb.ConfState}: repeated fields unpacked (proto2's default), auto_leave always. */
  public static byte[] confStatePayload(ConfState conf) {
    List<List<Long>> lists =
        List.of(conf.voters(), conf.learners(), conf.votersOutgoing(), conf.learnersNext());
    int length = 2;
    for (int field = 1; field <= 4; field++) {
      for (long id : lists.get(field - 1)) {
        length += 1 + Varints.size(id);
      }
    }
    byte[] payload = new byte[length];
    int p = 0;
    for (int field = 1; field <= 4; field++) {
      for (long id : lists.get(field - 1)) {
        payload[p++] = (byte) (field << 3);
        p = Varints.write(payload, p, id);
      }
    }
    payload[p++] = 0x28;
    payload[p] = (byte) (conf.autoLeave() ? 1 : 0);
    return payload;
  }

  /** The encoded bytes not yet drained: {@code buffer()[0 .. size())}. */
  public byte[] buffer() {
    return buf;
  }

  public int size() {
    return size;
  }

  /** Forgets the drained bytes, and gives back a buffer that a big entry grew. */
  public void clear() {
    size = 0;
    if (buf.length > RETAINED_BUFFER_BYTES) {
      buf = new byte[INITIAL_BUFFER_BYTES];
    }
  }

  /**
   * Appends one frame whose record data is {@code head[0..headLen) ++
   * body[bodyOff..bodyOff+bodyLen)}, or which has no data field when {@code present} is false.
   */
  private void appendFrame(
      long type, int headLen, byte[] body, int bodyOff, int bodyLen, boolean present) {
    long dataLen = (long) headLen + bodyLen;
    if (present) {
      crc = crc32c.update(crc, head, 0, headLen);
      if (bodyLen > 0) {
        crc = crc32c.append(body, bodyOff, bodyLen);
      }
    }
    long crcValue = Integer.toUnsignedLong(crc);
    long recordBytes =
        1
            + Varints.size(type)
            + 1
            + Varints.size(crcValue)
            + (present ? 1 + Varints.size(dataLen) + dataLen : 0);
    int pad = Frames.padding(recordBytes);
    long frameBytes = Frames.LENGTH_WORD_BYTES + recordBytes + pad;
    if (frameBytes > MAX_FRAME_BYTES - (long) size) {
      if (size > 0 || frameBytes > MAX_FRAME_BYTES) {
        throw new IllegalArgumentException(
            "a record of " + recordBytes + " bytes is larger than jwal can buffer");
      }
    }
    ensureCapacity(size + (int) frameBytes);

    int p = size;
    Frames.putLengthWord(buf, p, Frames.lengthWord(recordBytes));
    p += Frames.LENGTH_WORD_BYTES;
    buf[p++] = 0x08;
    p = Varints.write(buf, p, type);
    buf[p++] = 0x10;
    p = Varints.write(buf, p, crcValue);
    if (present) {
      buf[p++] = DATA_TAG;
      p = Varints.write(buf, p, dataLen);
      System.arraycopy(head, 0, buf, p, headLen);
      p += headLen;
      if (bodyLen > 0) {
        System.arraycopy(body, bodyOff, buf, p, bodyLen);
        p += bodyLen;
      }
    }
    Arrays.fill(buf, p, p + pad, (byte) 0);
    size = p + pad;
    etcdModel.frame(frameBytes);
  }

  private void ensureCapacity(int needed) {
    if (needed <= buf.length) {
      return;
    }
    long grown = Math.max((long) buf.length * 2, needed);
    buf = Arrays.copyOf(buf, (int) Math.min(grown, MAX_FRAME_BYTES));
  }
}
