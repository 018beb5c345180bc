package io.github.jwal.codec;

/** The {@code walpb.Record.type} values etcd writes. */
public final class RecordType {
  public static final int METADATA = 1;
  public static final int ENTRY = 2;
  public static final int STATE = 3;
  public static final int CRC = 4;
  public static final int SNAPSHOT = 5;

  private RecordType() {}

  /** A name for messages: {@code entry}, {@code state}… or the number. */
  public static String name(long type) {
    return switch ((int) type == type ? (int) type : -1) {
      case METADATA -> "metadata";
      case ENTRY -> "entry";
      case STATE -> "state";
      case CRC -> "crc";
      case SNAPSHOT -> "snapshot";
      default -> "type " + type;
    };
  }
}
