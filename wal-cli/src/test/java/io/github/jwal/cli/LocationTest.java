package io.github.jwal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the commands take the log's location: a directory, or the URI of a backend's log. */
class LocationTest {
  @TempDir Path tmp;

  @Test
  void aUriNoBackendOnTheClassPathOpensIsAnEnvironmentErrorThatSaysSo() {
    Cli.Run run = Cli.run("verify", "nosuch://127.0.0.1:2181/jwal/orders");
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(
        run.err()
            .contains(
                "jwal: nosuch://127.0.0.1:2181/jwal/orders: no storage backend on the class path"
                    + " opens nosuch: locations (found: "),
        run::toString);
    assertTrue(run.err().contains("JWAL_CLASSPATH"), run::toString);
    assertEquals("", run.out());
  }

  @Test
  void anArgumentFileCarriesTheLocationAndItsProperties() throws IOException {
    Path wal = Fixtures.copy("multi-segment", tmp);
    Path args = Files.writeString(tmp.resolve("args"), wal + "\n--property file.unused=1\n");
    Cli.Run run = Cli.run("verify", "@" + args);
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().startsWith("ok: " + wal + ": 105 entries"), run::toString);
  }

  @Test
  void aFileUriIsReadAsItsDirectory() throws IOException {
    Path wal = Fixtures.copy("multi-segment", tmp);
    Cli.Run run = Cli.run("stats", wal.toUri().toString());
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().startsWith("directory    "), run::toString);
    assertTrue(run.out().contains("segments     6, "), run::toString);
  }
}
