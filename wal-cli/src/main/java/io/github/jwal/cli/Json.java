package io.github.jwal.cli;

import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/** The few JSON literals dump writes; a library would be a dependency for four methods. */
final class Json {
  private Json() {}

  /** A string literal, escaped as RFC 8259 requires; {@code null} for a null string. */
  static String string(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** An array of string literals. */
  static String strings(List<String> strings) {
    return strings.stream().map(Json::string).collect(Collectors.joining(", ", "[", "]"));
  }

  /**
   * Bytes as a base64 string; {@code null} (an absent field) stays distinct from {@code ""} (an
   * empty one).
   */
  static String bytes(byte[] data) {
    return data == null ? "null" : '"' + Base64.getEncoder().encodeToString(data) + '"';
  }

  /** An unsigned 64-bit number, in decimal. */
  static String uint64(long n) {
    return Long.toUnsignedString(n);
  }
}
