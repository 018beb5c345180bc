package io.github.jwal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void stringEscapesQuotesBackslashesAndControlCharacters() {
    String tricky = "a \"quote\", a \\ backslash, a tab\t, a newline\n, a bell\u0007 and é";
    assertEquals(tricky, JsonDocs.parse(Json.string(tricky)).asText());
  }

  @Test
  void absentBytesAreNullAndEmptyBytesAreAnEmptyString() {
    assertEquals("null", Json.bytes(null));
    assertEquals("\"\"", Json.bytes(new byte[0]));
  }

  @Test
  void bytesAreBase64() {
    assertEquals("\"aGVsbG8=\"", Json.bytes("hello".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void numbersAreUnsigned() {
    assertEquals("18446744073709551615", Json.uint64(-1L));
  }
}
