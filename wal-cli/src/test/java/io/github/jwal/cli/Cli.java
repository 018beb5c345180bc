package io.github.jwal.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the command line in this JVM, as a shell would run the jar, capturing what it prints. */
final class Cli {
  record Run(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private Cli() {}

  static Run run(Object... args) {
    List<String> strings = new ArrayList<>();
    for (Object arg : args) {
      strings.add(arg instanceof Path path ? path.toString() : String.valueOf(arg));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Jwal.execute(
            new PrintWriter(out, true), new PrintWriter(err, true), strings.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }
}
