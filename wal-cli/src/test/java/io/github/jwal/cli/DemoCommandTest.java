package io.github.jwal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo end to end, kept small: a few hundred entries in 8 KiB segments. */
class DemoCommandTest {
  private static final Object[] SMALL = {
    "--entries", "300", "--entry-bytes", "100", "--batch", "5", "--segment-bytes", "8192"
  };

  @TempDir Path tmp;

  private Cli.Run demo(Object... more) {
    Object[] args = new Object[1 + SMALL.length + more.length];
    args[0] = "demo";
    System.arraycopy(SMALL, 0, args, 1, SMALL.length);
    System.arraycopy(more, 0, args, 1 + SMALL.length, more.length);
    return Cli.run(args);
  }

  @Test
  void recoversEveryAcknowledgedEntryAndExits0() {
    Cli.Run run = demo("--dir", tmp.resolve("wal"));
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(
        run.out().contains("recovered   ") && run.out().contains("all 300 acknowledged"),
        run::toString);
  }

  @Test
  void detectsTheTornTailBeforeRepairingIt() {
    Cli.Run run = demo("--dir", tmp.resolve("wal"));
    assertTrue(run.out().contains("open:    TornTailException: "), run::toString);
    assertTrue(run.out().contains("repair:  cut "), run::toString);
  }

  @Test
  void writesAcrossSeveralSegments() throws IOException {
    Path wal = tmp.resolve("wal");
    demo("--dir", wal);
    assertTrue(DirectoryListing.of(wal).segments().size() >= 3, () -> wal + " has few segments");
  }

  @Test
  void leavesAVerifiableLogAndTheBackupInTheDirectoryGiven() throws IOException {
    Path wal = tmp.resolve("wal");
    demo("--dir", wal);
    assertEquals(0, Cli.run("verify", wal).exitCode());
    assertEquals(
        1,
        DirectoryListing.of(wal).others().stream()
            .filter(f -> f.name().endsWith(".wal.broken"))
            .count());
  }

  @Test
  void aSaveThatCutsASegmentIsAcknowledgedAndTheNextOneIsTorn() {
    // With these sizes the save after entry 268 reaches the 16 KiB segment size and cuts: a torn
    // write there would not be in the last segment, so the demo tears the save after it.
    Cli.Run run =
        Cli.run(
            "demo",
            "--entries",
            "268",
            "--entry-bytes",
            "300",
            "--batch",
            "5",
            "--segment-bytes",
            "16384");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().contains("273 entries acknowledged"), run::toString);
    assertTrue(run.out().contains("during the save of entries 274..278"), run::toString);
  }

  @Test
  void deletesItsTemporaryDirectory() {
    Cli.Run run = demo();
    Matcher deleted = Pattern.compile("deleted (\\S+)").matcher(run.out());
    assertTrue(deleted.find(), run::toString);
    assertFalse(Files.exists(Path.of(deleted.group(1))), deleted.group(1));
  }

  @Test
  void refusesADirectoryThatHoldsFilesWithExit2() throws IOException {
    Files.writeString(tmp.resolve("precious.txt"), "keep me");
    Cli.Run run = demo("--dir", tmp);
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals("keep me", Files.readString(tmp.resolve("precious.txt")));
  }

  @Test
  void aBatchTooBigForASegmentIsAUsageError() {
    Cli.Run run =
        Cli.run("demo", "--batch", "100", "--entry-bytes", "1000", "--segment-bytes", "65536");
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.err().contains("--segment-bytes of at least"), run::toString);
  }
}
