package io.github.jwal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ParagraphTest {
  @Test
  void wrapsAtTheWidthWithAHangingIndent() {
    StringWriter text = new StringWriter();
    Paragraph.print(new PrintWriter(text), "   label:  ", "word ".repeat(60).trim());
    String[] lines = text.toString().lines().toArray(String[]::new);
    assertTrue(lines.length > 1);
    for (String line : lines) {
      assertTrue(line.length() <= Paragraph.WIDTH, line);
    }
    assertTrue(lines[1].startsWith(" ".repeat("   label:  ".length()) + "word"), lines[1]);
  }

  @Test
  void keepsEveryWordInOrder() {
    StringWriter text = new StringWriter();
    String words = "one two three ".repeat(30).trim();
    Paragraph.print(new PrintWriter(text), "", words);
    assertEquals(words, text.toString().trim().replaceAll("\\s+", " "));
  }
}
