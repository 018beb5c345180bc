package io.github.jwal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JRaftDumpTest {
  @TempDir Path tmp;

  private Path log(byte[]... data) throws IOException {
    return JRaftLogs.write(tmp.resolve("wal"), JRaftLogs.METADATA, data);
  }

  private static String text(Path wal) {
    Cli.Run run = Cli.run("dump", wal);
    assertEquals(0, run.exitCode(), run::toString);
    return run.out().replaceAll(" +", " ");
  }

  private static JsonNode jraft(Path wal, int entry) {
    return Dumps.json(wal).document().get("entries").get(entry).get("jraft");
  }

  @Test
  void textShowsAnEntrysJRaftIndexTermTypeAndData() throws IOException {
    String out = text(log(JRaftLogs.data(0, "hello")));
    assertTrue(out.contains("1 1 normal 19 jraft index 0 term 1 DATA, 5 bytes \"hello\""), out);
  }

  @Test
  void textShowsAConfigurationsPeersOldPeersAndLearners() throws IOException {
    byte[] conf =
        JRaftBytes.required(3, 1, 0)
            .bytes(4, "a:1")
            .bytes(4, "b:2")
            .bytes(5, "a:1")
            .bytes(8, "c:3")
            .bytes(9, "d:4")
            .build();
    String out = text(log(conf));
    assertTrue(
        out.contains(
            "jraft index 0 term 1 CONFIGURATION, 0 bytes, peers a:1,b:2, old peers a:1,"
                + " learners c:3, old learners d:4"),
        out);
  }

  @Test
  void textShowsAHoleAsOne() throws IOException {
    String out = text(log(JRaftLogs.data(0, "a"), null, JRaftLogs.data(2, "c")));
    assertTrue(out.contains("1 2 normal - jraft index 1: hole, no entry"), out);
  }

  @Test
  void textShowsDataThatIsNoJRaftEntryWithWhyAndItsBytes() throws IOException {
    String out = text(log(new byte[] {(byte) 0xBB, (byte) 0xD2, 1}));
    assertTrue(
        out.contains("not a jraft V2 entry (shorter than jraft's 6-byte header): bb d2 01"), out);
  }

  @Test
  void textNamesTheColumnForAJRaftLog() throws IOException {
    assertTrue(text(log(JRaftLogs.data(0, "a"))).contains("term index type size jraft entry"));
  }

  @Test
  void jsonAddsAJRaftFieldAfterTheEtcdFields() throws IOException {
    String out = Dumps.json(log(JRaftLogs.data(0, "hello"))).run().out();
    assertTrue(
        out.contains(
            ", \"type\": 0, \"data\": \"u9IBAAAACAIQARgAMgVoZWxsbw==\", \"jraft\": {\"index\": 0,"
                + " \"term\": 1, \"type\": \"DATA\", \"dataSize\": 5, \"peers\": [], \"oldPeers\":"
                + " [], \"learners\": [], \"oldLearners\": []}}"),
        out);
  }

  @Test
  void jsonListsAConfigurationsPeers() throws IOException {
    JsonNode jraft = jraft(log(JRaftBytes.required(3, 1, 0).bytes(4, "a:1").build()), 0);
    assertEquals("CONFIGURATION", jraft.get("type").asText());
    assertEquals("[\"a:1\"]", jraft.get("peers").toString());
  }

  @Test
  void jsonMarksAHole() throws IOException {
    JsonNode jraft = jraft(log(JRaftLogs.data(0, "a"), null), 1);
    assertEquals("{\"index\":1,\"hole\":true}", jraft.toString());
  }

  @Test
  void jsonGivesWhyDataIsNoJRaftEntry() throws IOException {
    JsonNode jraft = jraft(log("etcd".getBytes(StandardCharsets.US_ASCII)), 0);
    assertEquals("shorter than jraft's 6-byte header", jraft.get("error").asText());
  }

  @Test
  void aLogWithOtherMetadataIsNotReadAsJRaftsEvenWhenItsDataWouldDecode() throws IOException {
    byte[] metadata = "etcd".getBytes(StandardCharsets.US_ASCII);
    Path wal = JRaftLogs.write(tmp.resolve("wal"), metadata, JRaftLogs.data(0, "hello"));
    assertFalse(text(wal).contains("jraft"));
    assertFalse(Dumps.json(wal).run().out().contains("jraft"));
  }

  @Test
  void aJRaftLogThatStartsPastIndex0IsDumpedFromItsLatestSnapshotRecord() throws IOException {
    Path wal = JRaftLogs.write(tmp.resolve("wal"), JRaftLogs.METADATA, 1, JRaftLogs.data(1, "a"));
    String out = text(wal);
    assertTrue(out.contains("read from snapshot index 1, term 0"), out);
    assertTrue(out.contains("1 2 normal 15 jraft index 1 term 1 DATA, 1 bytes \"a\""), out);
  }
}
