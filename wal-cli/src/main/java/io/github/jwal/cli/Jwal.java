package io.github.jwal.cli;

import java.io.PrintWriter;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code jwal} command: a demo of the log's crash recovery, and an operator's tools for WAL
 * directories written by jwal or by etcd.
 *
 * <p>Exit codes, for scripts: {@value ExitCodes#OK} the log is sound; {@value ExitCodes#DAMAGED}
 * the log is damaged (a torn tail or corruption); {@value ExitCodes#UNUSABLE} anything else that
 * stopped the command (a usage error, a missing directory, a directory that holds no log, an I/O
 * error).
 */
@Command(
    name = "jwal",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description =
        "A write-ahead log on etcd's on-disk format: a demo, and tools to inspect, verify and"
            + " repair WAL directories (jwal's or etcd's member/wal) and logs in other backends"
            + " (bookkeeper://...).",
    footer = {
      "",
      "Exit codes: 0 ok; 1 the log is damaged (torn tail or corruption);"
          + " 2 usage error or unreadable input."
    },
    subcommands = {
      DemoCommand.class,
      DumpCommand.class,
      VerifyCommand.class,
      RepairCommand.class,
      StatsCommand.class,
      CommandLine.HelpCommand.class,
      AutoComplete.GenerateCompletion.class
    })
public final class Jwal implements Runnable {
  /**
   * Held so that the level set in {@link #main} sticks: java.util.logging keeps loggers only
   * weakly.
   */
  private static final Logger LIBRARY_LOG = Logger.getLogger("io.github.jwal");

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "Missing command: name one of " + String.join(", ", spec.subcommands().keySet()));
  }

  public static void main(String[] args) {
    // The library logs what a repair cut as a warning; the commands print the same facts in their
    // own
    // output, so the log lines would only repeat them on stderr.
    LIBRARY_LOG.setLevel(Level.SEVERE);
    System.exit(commandLine().execute(args));
  }

  /**
   * Runs the command line in this JVM as {@link #main} does, but without exiting or quieting the
   * library's logging: for tests of the commands on the backends of other modules.
   *
   * @return the exit code
   */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = commandLine();
    commandLine.setOut(out);
    commandLine.setErr(err);
    return commandLine.execute(args);
  }

  /** The command line, ready to execute. */
  private static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Jwal());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          PrintWriter err = cmd.getErr();
          if (e instanceof LogLocation.UnusableLocation unusable) {
            err.println("jwal: " + e.getMessage());
            err.flush();
            return ExitCodes.UNUSABLE;
          }
          err.println("jwal: unexpected error: " + e);
          e.printStackTrace(err);
          err.flush();
          return ExitCodes.UNUSABLE;
        });
    return commandLine;
  }
}
