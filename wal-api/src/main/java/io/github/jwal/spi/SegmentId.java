package io.github.jwal.spi;

import java.util.HexFormat;
import java.util.Optional;

/**
 * The identity of a segment: its sequence number (0, 1, 2… one more at every cut) and the raft
 * index its first entry is expected to have. Both are unsigned 64-bit numbers. On disk a segment is
 * named {@code %016x-%016x.wal} from these two, as etcd names it.
 */
public record SegmentId(long seq, long firstIndex) implements Comparable<SegmentId> {
  private static final String SUFFIX = ".wal";
  private static final int HEX_DIGITS = 16;
  private static final int NAME_LENGTH = HEX_DIGITS + 1 + HEX_DIGITS + SUFFIX.length();

  /** The first segment of every log. */
  public static final SegmentId FIRST = new SegmentId(0, 0);

  /** The canonical name: lower-case hex, zero-padded to 16 digits each. */
  public String fileName() {
    HexFormat hex = HexFormat.of();
    return hex.toHexDigits(seq) + "-" + hex.toHexDigits(firstIndex) + SUFFIX;
  }

  /**
   * The id a segment file name stands for, or empty if the name is not a segment's. Only the
   * canonical form is accepted (16 hex digits each, either case): etcd writes nothing else, and its
   * lenient parser would accept names such as {@code 0-0.wal} that do not sort in sequence order.
   */
  public static Optional<SegmentId> parse(String name) {
    if (name.length() != NAME_LENGTH || name.charAt(HEX_DIGITS) != '-' || !name.endsWith(SUFFIX)) {
      return Optional.empty();
    }
    String seq = name.substring(0, HEX_DIGITS);
    String index = name.substring(HEX_DIGITS + 1, 2 * HEX_DIGITS + 1);
    if (!isHex(seq) || !isHex(index)) {
      return Optional.empty();
    }
    return Optional.of(
        new SegmentId(Long.parseUnsignedLong(seq, 16), Long.parseUnsignedLong(index, 16)));
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Orders by sequence number, unsigned. */
  @Override
  public int compareTo(SegmentId other) {
    int bySeq = Long.compareUnsigned(seq, other.seq);
    return bySeq != 0 ? bySeq : Long.compareUnsigned(firstIndex, other.firstIndex);
  }

  @Override
  public String toString() {
    return fileName();
  }
}
