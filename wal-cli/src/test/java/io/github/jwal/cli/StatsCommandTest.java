package io.github.jwal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsCommandTest {
  @TempDir Path tmp;

  private static String squeezed(String text) {
    return text.replaceAll(" {2,}", " ");
  }

  @Test
  void listsEverySegmentWithItsSizeAndFirstIndex() throws IOException {
    Path wal = Fixtures.copy("multi-segment", tmp);
    String out = squeezed(Cli.run("stats", wal).out());
    assertTrue(out.contains("segments 6, 267160 bytes"), out);
    assertTrue(
        out.contains("0000000000000003-000000000000003c.wal 45624 bytes seq 3, first index 60"),
        out);
  }

  @Test
  void countsEntriesAndTheirIndexRange() throws IOException {
    Path wal = Fixtures.copy("multi-segment", tmp);
    String out = squeezed(Cli.run("stats", wal).out());
    assertTrue(out.contains("entries 105\n"), out);
    assertTrue(out.contains("index range 1..105\n"), out);
  }

  @Test
  void countsEntriesAfterRaftsOverwrites() throws IOException {
    Path wal = Fixtures.copy("overwrite", tmp);
    String out = squeezed(Cli.run("stats", wal).out());
    assertTrue(out.contains("entries 8\n"), out);
  }

  @Test
  void aSoundChainIsOkAndExits0() throws IOException {
    Path wal = Fixtures.copy("multi-segment", tmp);
    Cli.Run run = Cli.run("stats", wal);
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(squeezed(run.out()).contains("chain ok\n"), run::toString);
  }

  @Test
  void aTornTailIsNamedInTheChainLineAndExits1() throws IOException {
    Path wal = Fixtures.copy("torn-tail-truncated", tmp);
    Cli.Run run = Cli.run("stats", wal);
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(
        squeezed(run.out())
            .contains("chain torn-tail in 0000000000000002-0000000000000033.wal at offset 3640"),
        run::toString);
  }

  @Test
  void filesThatAreNotSegmentsAreListedApart() throws IOException {
    Path wal = Fixtures.copy("torn-tail-truncated", tmp);
    Cli.run("repair", wal);
    String out = squeezed(Cli.run("stats", wal).out());
    assertTrue(
        out.contains(
            "other files 1 (not segments)\n 0000000000000002-0000000000000033.wal.broken 5158 bytes"),
        out);
  }

  @Test
  void aMissingDirectoryPrintsOnlyTheErrorAndExits2() {
    Cli.Run run = Cli.run("stats", tmp.resolve("absent"));
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals("", run.out());
  }
}
