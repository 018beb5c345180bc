package io.github.jwal.testing;

import java.util.HexFormat;

/** Bytes written as hex the way docs/format.md shows them: {@code "04 00 00 00 00 00 00 84"}. */
public final class Hex {
  private Hex() {}

  /** Parses hex digits, ignoring white space. */
  public static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
  }

  /** Lower-case hex with a space between bytes, for failure messages. */
  public static String format(byte[] bytes) {
    return HexFormat.ofDelimiter(" ").formatHex(bytes);
  }
}
