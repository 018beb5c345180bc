package io.github.jwal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One raft log entry: term, index, type and an opaque payload.
 *
 * <p>Term and index are unsigned 64-bit numbers held in a {@code long}; compare them with
 * {@link Long#compareUnsigned}. The payload may be absent ({@code null}), which is written
 * differently on disk from an empty payload, so the two are kept apart.
 *
 * <p>Immutable and thread-safe: the payload is copied on the way in and on the way out of
 * {@link #data()}; {@link #dataBuffer()} gives a read-only view without a copy.
 */
public final class Entry {
  private final long term;
  private final long index;
  private final EntryType type;
  private final byte[] data;

  private Entry(long term, long index, EntryType type, byte[] data) {
    this.term = term;
    this.index = index;
    this.type = Objects.requireNonNull(type, "type");
    this.data = data;
  }

  /** A {@link EntryType#NORMAL} entry; {@code data} is copied and may be {@code null}. */
  public static Entry of(long term, long index, byte[] data) {
    return of(term, index, EntryType.NORMAL, data);
  }

  /** An entry of the given type; {@code data} is copied and may be {@code null}. */
  public static Entry of(long term, long index, EntryType type, byte[] data) {
    return new Entry(term, index, type, data == null ? null : data.clone());
  }

  /** Takes ownership of {@code data} without a copy: for the decoder, which owns a fresh array. */
  static Entry adopt(long term, long index, EntryType type, byte[] data) {
    return new Entry(term, index, type, data);
  }

  public long term() {
    return term;
  }

  public long index() {
    return index;
  }

  public EntryType type() {
    return type;
  }

  /** A copy of the payload, or {@code null} if the entry has none. */
  public byte[] data() {
    return data == null ? null : data.clone();
  }

  /** A read-only view of the payload without a copy, or {@code null} if the entry has none. */
  public ByteBuffer dataBuffer() {
    return data == null ? null : ByteBuffer.wrap(data).asReadOnlyBuffer();
  }

  /** Whether the payload is present (it may still be empty). */
  public boolean hasData() {
    return data != null;
  }

  /** The payload's length in bytes; 0 when it is absent. */
  public int dataLength() {
    return data == null ? 0 : data.length;
  }

  /** The payload itself, for the encoder; never handed to callers. */
  byte[] rawData() {
    return data;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Entry other
        && term == other.term
        && index == other.index
        && type == other.type
        && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(term, index, type, Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "Entry{term=" + Long.toUnsignedString(term)
        + ", index=" + Long.toUnsignedString(index)
        + ", type=" + type
        + ", data=" + (data == null ? "null" : data.length + " bytes") + "}";
  }
}
