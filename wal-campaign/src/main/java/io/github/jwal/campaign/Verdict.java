package io.github.jwal.campaign;

import java.util.List;
import java.util.Locale;

/**
 * What the checker found, one line for the script: {@code ok}, {@code lost N} (acknowledged
 * entries, hard states or snapshots not read back as promised), {@code corrupt N} (entries read
 * back that the writer never wrote, or never wrote there), or {@code unopenable: <exception>}; then
 * {@code key=value} figures and the first problem.
 *
 * @param checked how many acknowledged entries were read back byte for byte
 * @param problems every problem found, the first one shown in the line
 */
record Verdict(Kind kind, long count, long checked, List<String> problems) {
  enum Kind {
    OK,
    LOST,
    CORRUPT,
    UNOPENABLE;

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static Verdict unopenable(Exception e) {
    StringBuilder problem = new StringBuilder(describe(e));
    for (Throwable earlier : e.getSuppressed()) {
      problem.append(" (after repairing ").append(describe(earlier)).append(")");
    }
    return new Verdict(Kind.UNOPENABLE, 1, 0, List.of(problem.toString()));
  }

  private static String describe(Throwable t) {
    return (t.getClass().getSimpleName() + ": " + t.getMessage()).replace('\n', ' ');
  }

  boolean ok() {
    return kind == Kind.OK;
  }

  /** The line, with {@code figures} ({@code key=value ...}) after the counts. */
  String line(String figures) {
    return switch (kind) {
      case OK -> "ok checked=" + checked + " " + figures;
      case UNOPENABLE -> "unopenable: " + problems.get(0);
      case LOST, CORRUPT ->
          kind.word()
              + " "
              + count
              + " checked="
              + checked
              + " "
              + figures
              + " : "
              + problems.get(0)
              + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
    };
  }
}
