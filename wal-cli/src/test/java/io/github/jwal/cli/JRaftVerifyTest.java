package io.github.jwal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JRaftVerifyTest {
  @TempDir Path tmp;

  private Path log(byte[]... data) throws IOException {
    return JRaftLogs.write(tmp.resolve("wal"), JRaftLogs.METADATA, data);
  }

  /** A log of one entry at jraft index 1, compacted below it as a node's log starts. */
  private Path startingAt1(byte[] metadata) throws IOException {
    return JRaftLogs.write(tmp.resolve("wal"), metadata, 1, JRaftLogs.data(1, "a"));
  }

  @Test
  void aSoundJRaftLogPassesAndSaysHowManyJRaftEntriesItChecked() throws IOException {
    byte[] noOp = JRaftBytes.required(1, 1, 0).build();
    Path wal = log(noOp, JRaftLogs.data(1, "a"), null, JRaftLogs.data(3, "b"));
    Cli.Run run = Cli.run("verify", wal);
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(
        run.out()
            .contains(
                "CRC chain intact; 3 jraft entries (1 NO_OP, 2 DATA), 1 hole, each at its own"
                    + " index and term"),
        run::toString);
  }

  @Test
  void dataThatIsNoJRaftEntryIsDamage() throws IOException {
    Path wal = log(JRaftLogs.data(0, "a"), "etcd data".getBytes(StandardCharsets.US_ASCII));
    Cli.Run run = Cli.run("verify", wal);
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(
        run.err()
            .contains(
                "etcd entry 2 (jraft index 1, term 1): not a jraft V2 entry: no jraft V2 magic"),
        run::toString);
    assertEquals("", run.out());
  }

  @Test
  void aJRaftEntryAtAnotherIndexIsDamage() throws IOException {
    Cli.Run run = Cli.run("verify", log(JRaftLogs.data(0, "a"), JRaftLogs.data(5, "b")));
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(
        run.err().contains("etcd entry 2 (jraft index 1, term 1): holds jraft index 5 term 1"),
        run::toString);
  }

  @Test
  void theFindingsAfterTheFirstTenAreCounted() throws IOException {
    byte[][] data = new byte[JRaftCheck.SHOWN + 3][];
    for (int i = 0; i < data.length; i++) {
      data[i] = new byte[] {1};
    }
    Cli.Run run = Cli.run("verify", log(data));
    assertTrue(
        run.err().contains("13 entries are not what a jraft node reads back"), run::toString);
    assertTrue(run.err().contains("jwal:   and 3 more"), run::toString);
  }

  @Test
  void aLogWithOtherMetadataIsNotCheckedAsJRafts() throws IOException {
    byte[] metadata = "etcd".getBytes(StandardCharsets.US_ASCII);
    Path wal = JRaftLogs.write(tmp.resolve("wal"), metadata, new byte[] {1});
    Cli.Run run = Cli.run("verify", wal);
    assertEquals(0, run.exitCode(), run::toString);
    assertFalse(run.out().contains("jraft"), run::toString);
  }

  @Test
  void aJRaftLogThatStartsPastIndex0IsReadFromItsLatestSnapshotRecord() throws IOException {
    Cli.Run run = Cli.run("verify", startingAt1(JRaftLogs.METADATA));
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(
        run.out()
            .contains(
                "1 jraft entry (1 DATA), 0 holes, each at its own index and term; read from the"
                    + " latest snapshot record, index 1 term 0, where a writer opens the log"),
        run::toString);
  }

  @Test
  void anotherCompactedLogIsReadFromItsLatestSnapshotRecordToo() throws IOException {
    Cli.Run run = Cli.run("verify", startingAt1("etcd".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().contains("read from the latest snapshot record, index 1"), run::toString);
    assertTrue(!run.out().contains("jraft"), run::toString);
  }

  @Test
  void aSnapshotTheOperatorNamesIsReadFromEvenOnAJRaftLog() throws IOException {
    Path wal = startingAt1(JRaftLogs.METADATA);
    Cli.Run run = Cli.run("verify", wal, "--snapshot-index", "0", "--snapshot-term", "0");
    assertEquals(1, run.exitCode(), run::toString);
  }
}
