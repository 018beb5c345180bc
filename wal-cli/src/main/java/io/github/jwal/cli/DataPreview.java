package io.github.jwal.cli;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A short, one-line view of a payload: quoted text when it is printable ASCII, else leading hex
 * bytes.
 */
final class DataPreview {
  private static final int TEXT_CHARS = 40;
  private static final int HEX_BYTES = 16;

  private DataPreview() {}

  static String of(byte[] data) {
    if (data == null) {
      return "(absent)";
    }
    if (isPrintable(data)) {
      int n = Math.min(data.length, TEXT_CHARS);
      String text = new String(data, 0, n, StandardCharsets.US_ASCII);
      return '"' + text + '"' + (data.length > n ? "…" : "");
    }
    int n = Math.min(data.length, HEX_BYTES);
    return HexFormat.ofDelimiter(" ").formatHex(data, 0, n) + (data.length > n ? " …" : "");
  }

  /** The preview of {@code data}'s remaining bytes; its position is left as it is. */
  static String remaining(ByteBuffer data) {
    byte[] bytes = new byte[data.remaining()];
    data.duplicate().get(bytes);
    return of(bytes);
  }

  private static boolean isPrintable(byte[] data) {
    for (byte b : data) {
      if (b < 0x20 || b > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
