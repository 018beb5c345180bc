package io.github.jwal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VerifyCommandTest {
  @TempDir Path tmp;

  static List<String> fixtures() {
    return Fixtures.names();
  }

  @Test
  void aSoundLogExitsWith0AndSaysWhatItHolds() throws IOException {
    Path wal = Fixtures.copy("multi-segment", tmp);
    Cli.Run run = Cli.run("verify", wal);
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(
        run.out()
            .contains(
                "105 entries (index 1..105), hard state term 2, vote 1, commit 103,"
                    + " 6 segments, CRC chain intact"),
        run::toString);
  }

  @Test
  void aTornTailExitsWith1() throws IOException {
    Path wal = Fixtures.copy("torn-tail-zero-tail", tmp);
    Cli.Run run = Cli.run("verify", wal);
    assertEquals(1, run.exitCode(), run::toString);
  }

  @Test
  void aTornTailIsReportedOnStderrWithSegmentOffsetAndTheRepairCommand() throws IOException {
    Path wal = Fixtures.copy("torn-tail-zero-tail", tmp);
    Cli.Run run = Cli.run("verify", wal);
    assertTrue(
        run.err().contains("in segment 0000000000000002-0000000000000033.wal at offset 3640"),
        run::toString);
    assertTrue(run.err().contains("'jwal repair " + wal + "'"), run::toString);
    assertEquals("", run.out());
  }

  @Test
  void corruptionExitsWith1() throws IOException {
    Path wal = Fixtures.copy("corrupt-middle", tmp);
    Cli.Run run = Cli.run("verify", wal);
    assertEquals(1, run.exitCode(), run::toString);
  }

  @Test
  void aSegmentMissingFromTheMiddleExitsWith1() throws IOException {
    Path wal = Fixtures.copy("multi-segment", tmp);
    Files.delete(wal.resolve("0000000000000002-0000000000000025.wal"));
    Cli.Run run = Cli.run("verify", wal);
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().contains("a segment is missing"), run::toString);
  }

  @Test
  void aMissingDirectoryExitsWith2() {
    Cli.Run run = Cli.run("verify", tmp.resolve("absent"));
    assertEquals(2, run.exitCode(), run::toString);
  }

  @Test
  void aPurgedLogVerifiesFromItsSnapshot() throws IOException {
    Path wal = Fixtures.copy("released", tmp);
    Cli.Run run = Cli.run("verify", wal, "--snapshot-index", "67", "--snapshot-term", "1");
    assertEquals(0, run.exitCode(), run::toString);
  }

  @Test
  void aPurgedLogReadFromIndex0ExitsWith2() throws IOException {
    Path wal = Fixtures.copy("released", tmp);
    Cli.Run run = Cli.run("verify", wal);
    assertEquals(2, run.exitCode(), run::toString);
  }

  /** Reading from the latest snapshot record never skips damage in the segments before it. */
  @Test
  void damageBeforeTheLatestSnapshotRecordExitsWith1() throws IOException {
    Path wal = tmp.resolve("wal");
    WalOptions options = WalOptions.at(wal).withSegmentBytes(64 * 1024);
    try (Wal log = Wal.create(options, null)) {
      for (long i = 1; i <= 400; i++) {
        log.save(new HardState(1, 1, i), List.of(Entry.of(1, i, new byte[1000])));
      }
      log.saveSnapshot(Snapshot.of(390, 1));
    }
    Path first = wal.resolve("0000000000000000-0000000000000000.wal");
    byte[] bytes = Files.readAllBytes(first);
    bytes[4000] ^= 1;
    Files.write(first, bytes);

    Cli.Run run = Cli.run("verify", wal);
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().contains("0000000000000000-0000000000000000.wal"), run::toString);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void verifyNeverChangesTheDirectory(String fixture) throws IOException {
    Path wal = Fixtures.copy(fixture, tmp);
    DirectoryState before = DirectoryState.of(wal);
    Cli.run("verify", wal);
    assertEquals(before, DirectoryState.of(wal));
  }
}
