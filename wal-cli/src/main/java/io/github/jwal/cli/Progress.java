package io.github.jwal.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The demo's progress: a bar redrawn in place on a terminal, or a line at each quarter when the
 * output goes to a file or a pipe, where carriage returns would pile up.
 */
final class Progress {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter out;
  private final long total;
  private final boolean redraw;
  private final long startNanos = System.nanoTime();
  private long lastDrawNanos;
  private int lastLength;
  private int quartersShown;

  Progress(PrintWriter out, long total, boolean redraw) {
    this.out = out;
    this.total = total;
    this.redraw = redraw;
  }

  /**
   * Whether the standard output is a terminal, so that a bar can be redrawn in place. From JDK 22
   * on, {@code System.console()} is there even when nothing is attached, and {@code
   * Console.isTerminal()} tells; before, a console is there only for a terminal.
   */
  @SuppressWarnings("SystemConsoleNull") // a null console is the answer on JDK 17 to 21
  static boolean terminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  void update(long done, long bytes, long syncs) {
    long now = System.nanoTime();
    if (redraw) {
      if (now - lastDrawNanos >= REDRAW_NANOS) {
        lastDrawNanos = now;
        out.print("\r" + padded(line(done, bytes, syncs, now)));
        out.flush();
      }
      return;
    }
    int quarter = (int) (4 * done / total);
    if (quarter > quartersShown && quarter < 4) {
      quartersShown = quarter;
      out.println(line(done, bytes, syncs, now));
      out.flush();
    }
  }

  /** Draws the final state and ends the line; returns the seconds taken. */
  double finish(long done, long bytes, long syncs) {
    long now = System.nanoTime();
    String last = line(done, bytes, syncs, now);
    out.println(redraw ? "\r" + padded(last) : last);
    out.flush();
    return seconds(now);
  }

  /** The line with spaces over whatever a longer line drawn before left on the terminal. */
  private String padded(String line) {
    String out = line + " ".repeat(Math.max(0, lastLength - line.length()));
    lastLength = line.length();
    return out;
  }

  private String line(long done, long bytes, long syncs, long now) {
    double seconds = Math.max(seconds(now), 1e-9);
    int filled = (int) (WIDTH * done / total);
    return String.format(
        Locale.ROOT,
        "   [%s%s] %3d%%  %,d entries  %,.0f entries/s  %.1f MB/s  %,.0f syncs/s",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        100 * done / total,
        done,
        done / seconds,
        bytes / seconds / 1e6,
        syncs / seconds);
  }

  private double seconds(long now) {
    return (now - startNanos) / 1e9;
  }
}
