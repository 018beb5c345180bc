package io.github.jwal.cli;

import java.io.PrintWriter;

/** Prints prose wrapped to a terminal's width, with a hanging indent. */
final class Paragraph {
  static final int WIDTH = 100;

  private Paragraph() {}

  /**
   * Prints {@code first} then {@code text}, continuing lines indented to the end of {@code first}.
   */
  static void print(PrintWriter out, String first, String text) {
    String indent = " ".repeat(first.length());
    StringBuilder line = new StringBuilder(first);
    boolean lineEmpty = true;
    for (String word : text.strip().split(" ", -1)) {
      if (!lineEmpty && line.length() + 1 + word.length() > WIDTH) {
        out.println(line);
        line = new StringBuilder(indent);
        lineEmpty = true;
      }
      if (!lineEmpty) {
        line.append(' ');
      }
      line.append(word);
      lineEmpty = false;
    }
    out.println(line);
  }
}
