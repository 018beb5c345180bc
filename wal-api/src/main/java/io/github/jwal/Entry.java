package io.github.jwal;

import io.github.jwal.codec.EntryAccess;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One raft log entry: term, index, type and an opaque payload.
 *
 * <p>Term and index are unsigned 64-bit numbers held in a {@code long}; compare them with {@link
 * Long#compareUnsigned}. The payload may be absent ({@code null}), which is written differently on
 * disk from an empty payload, so the two are kept apart.
 *
 * <p>Immutable and thread-safe: the payload is copied on the way in and on the way out of {@link
 * #data()}; {@link #dataBuffer()} gives a read-only view without a copy.
 */
public final class Entry {
  private final long term;
  private final long index;
  private final EntryType type;

  /** Holds the payload at {@code offset}; may be shared with other entries read from a log. */
  private final byte @Nullable [] bytes;

  private final int offset;
  private final int length;

  static {
    EntryAccess.install(
        new EntryAccess() {
          @Override
          protected Entry adopt(
              long term,
              long index,
              EntryType type,
              byte @Nullable [] bytes,
              int offset,
              int length) {
            return new Entry(term, index, type, bytes, offset, length);
          }

          @Override
          protected byte @Nullable [] array(Entry entry) {
            return entry.bytes;
          }

          @Override
          protected int offset(Entry entry) {
            return entry.offset;
          }
        });
  }

  private Entry(
      long term, long index, EntryType type, byte @Nullable [] bytes, int offset, int length) {
    this.term = term;
    this.index = index;
    this.type = Objects.requireNonNull(type, "type");
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
  }

  /** A {@link EntryType#NORMAL} entry; {@code data} is copied and may be {@code null}. */
  public static Entry of(long term, long index, byte @Nullable [] data) {
    return of(term, index, EntryType.NORMAL, data);
  }

  /** An entry of the given type; {@code data} is copied and may be {@code null}. */
  public static Entry of(long term, long index, EntryType type, byte @Nullable [] data) {
    return data == null
        ? new Entry(term, index, type, null, 0, 0)
        : new Entry(term, index, type, data.clone(), 0, data.length);
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
  public byte @Nullable [] data() {
    return bytes == null ? null : Arrays.copyOfRange(bytes, offset, offset + length);
  }

  /** A read-only view of the payload without a copy, or {@code null} if the entry has none. */
  public @Nullable ByteBuffer dataBuffer() {
    return bytes == null ? null : ByteBuffer.wrap(bytes, offset, length).slice().asReadOnlyBuffer();
  }

  /** Whether the payload is present (it may still be empty). */
  public boolean hasData() {
    return bytes != null;
  }

  /** The payload's length in bytes; 0 when it is absent. */
  public int dataLength() {
    return length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Entry other
        && term == other.term
        && index == other.index
        && type == other.type
        && hasData() == other.hasData()
        && Arrays.equals(
            bytes == null ? new byte[0] : bytes,
            offset,
            offset + length,
            other.bytes == null ? new byte[0] : other.bytes,
            other.offset,
            other.offset + other.length);
  }

  @Override
  public int hashCode() {
    int hash = Objects.hash(term, index, type, hasData());
    if (bytes != null) {
      for (int i = offset; i < offset + length; i++) {
        hash = 31 * hash + bytes[i];
      }
    }
    return hash;
  }

  @Override
  public String toString() {
    return "Entry{term="
        + Long.toUnsignedString(term)
        + ", index="
        + Long.toUnsignedString(index)
        + ", type="
        + type
        + ", data="
        + (bytes == null ? "null" : length + " bytes")
        + "}";
  }
}
