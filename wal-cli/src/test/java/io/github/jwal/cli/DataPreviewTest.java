package io.github.jwal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DataPreviewTest {
  @Test
  void printableTextIsQuoted() {
    assertEquals("\"hello\"", DataPreview.of("hello".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void longTextIsCutAt40CharactersWithAnEllipsis() {
    String text = "x".repeat(41);
    assertEquals(
        '"' + "x".repeat(40) + "\"…", DataPreview.of(text.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void binaryShowsItsFirst16BytesInHex() {
    byte[] data = new byte[20];
    data[0] = (byte) 0xff;
    assertEquals("ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 …", DataPreview.of(data));
  }

  @Test
  void absentAndEmptyDataDiffer() {
    assertEquals("(absent)", DataPreview.of(null));
    assertEquals("\"\"", DataPreview.of(new byte[0]));
  }
}
