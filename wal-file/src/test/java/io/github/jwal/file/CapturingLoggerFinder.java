package io.github.jwal.file;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link System.LoggerFinder} of this module's tests (registered in {@code META-INF/services}),
 * so that tests can see what jwal logs through {@code System.Logger}. Records every message and
 * prints warnings and errors to standard error, as the JDK's default logging would.
 */
public final class CapturingLoggerFinder extends System.LoggerFinder {
  /** One message logged. */
  record Logged(String logger, System.Logger.Level level, String message) {}

  private static final List<Logged> LOGGED = new CopyOnWriteArrayList<>();

  /** Every message logged so far in this JVM, oldest first. */
  static List<Logged> logged() {
    return List.copyOf(LOGGED);
  }

  @Override
  public System.Logger getLogger(String name, Module module) {
    return new Capturing(name);
  }

  private record Capturing(String name) implements System.Logger {
    @Override
    public String getName() {
      return name;
    }

    @Override
    public boolean isLoggable(Level level) {
      return level != Level.OFF;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      capture(level, msg + (thrown == null ? "" : ": " + thrown));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      capture(
          level,
          params == null || params.length == 0 ? format : MessageFormat.format(format, params));
    }

    private void capture(Level level, String message) {
      LOGGED.add(new Logged(name, level, message));
      if (level.getSeverity() >= Level.WARNING.getSeverity()) {
        System.err.println(level + " " + name + ": " + message);
      }
    }
  }
}
