package io.github.jwal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a power cut cannot leave but a damaged disk or a careless operator can: special files where
 * a segment belongs, and a last segment that lost its bytes. Every command reports the file and
 * exits 1 promptly; none blocks, and repair cuts nothing.
 */
class DamagedDirectoryTest {
  private static final String LAST = "0000000000000005-0000000000000068.wal";
  private static final Duration PROMPTLY = Duration.ofSeconds(20);

  @TempDir Path tmp;

  private Path multiSegment() throws IOException {
    return Fixtures.copy("multi-segment", tmp);
  }

  private static Cli.Run promptly(String command, Path wal) {
    return assertTimeoutPreemptively(
        PROMPTLY, () -> Cli.run(command, wal), "jwal " + command + " blocked");
  }

  private static void mkfifo(Path path) throws IOException, InterruptedException {
    Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor(), "mkfifo " + path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"verify", "dump", "stats", "repair"})
  void aFifoNamedLikeTheLastSegmentIsReportedNotOpened(String command) throws Exception {
    Path wal = multiSegment();
    Files.delete(wal.resolve(LAST));
    mkfifo(wal.resolve(LAST));

    Cli.Run run = promptly(command, wal);

    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().contains(LAST) && run.err().contains("not a regular file"), run::toString);
  }

  @ParameterizedTest
  @ValueSource(strings = {"verify", "dump", "stats", "repair"})
  void aSymbolicLinkToADeviceIsReportedNotRead(String command) throws Exception {
    Path wal = multiSegment();
    Files.delete(wal.resolve(LAST));
    Files.createSymbolicLink(wal.resolve(LAST), Path.of("/dev/zero"));

    Cli.Run run = promptly(command, wal);

    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().contains(LAST), run::toString);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 8, 16})
  void aLastSegmentCutWithinItsHeadIsDamageThatVerifyReports(int size) throws IOException {
    // jwal, not etcd: etcd reads an empty last segment as the end of the log.
    Path wal = multiSegment();
    Path last = wal.resolve(LAST);
    Files.write(last, Arrays.copyOf(Files.readAllBytes(last), size));

    Cli.Run run = promptly("verify", wal);

    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().contains(LAST), run::toString);
  }

  @Test
  void anEmptyLastSegmentIsNotCutByRepair() throws IOException {
    Path wal = multiSegment();
    Files.write(wal.resolve(LAST), new byte[0]);
    DirectoryState before = DirectoryState.of(wal);

    Cli.Run run = promptly("repair", wal);

    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().contains(LAST), run::toString);
    assertEquals(before, DirectoryState.of(wal));
  }

  @Test
  void aLastSegmentOfZerosIsDamage() throws IOException {
    Path wal = multiSegment();
    Files.write(wal.resolve(LAST), new byte[4096]);

    Cli.Run run = promptly("verify", wal);

    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().contains(LAST + " at offset 0"), run::toString);
  }
}
