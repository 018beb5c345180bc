package io.github.jwal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UsageTest {
  @Test
  void noCommandIsAUsageError() {
    Cli.Run run = Cli.run();
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("Missing command"), run::toString);
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    assertEquals(2, Cli.run("verify", "--frobnicate", "/tmp").exitCode());
  }

  @Test
  void aMissingDirectoryArgumentIsAUsageError() {
    Cli.Run run = Cli.run("dump");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("DIR"), run::toString);
  }

  @Test
  void anInvalidFormatIsAUsageError() {
    assertEquals(2, Cli.run("dump", "--format", "xml", "/tmp").exitCode());
  }

  @Test
  void helpListsEveryCommandAndExits0() {
    Cli.Run run = Cli.run("--help");
    assertEquals(0, run.exitCode());
    for (String command : new String[] {"demo", "dump", "verify", "repair", "stats"}) {
      assertTrue(run.out().contains("  " + command + " "), () -> command + " in\n" + run.out());
    }
  }

  @Test
  void helpStatesTheExitCodes() {
    assertTrue(Cli.run("--help").out().contains("Exit codes: 0 ok; 1 the log is damaged"));
  }

  @Test
  void generateCompletionPrintsABashScript() {
    Cli.Run run = Cli.run("generate-completion");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().contains("complete -F _complete_jwal"), run::toString);
  }
}
