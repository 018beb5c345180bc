package io.github.jwal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code dump --format json} on every WAL etcd 3.4.23 wrote, against what etcd's {@code
 * OpenForRead} + {@code ReadAll} returned. Where jwal deliberately differs the test says so: jwal
 * reports the torn tail etcd's read mode passes over (with the same entries), and on damage it
 * includes the entries read before it, where etcd returns none.
 */
class DumpJsonFixtureTest {
  @TempDir Path tmp;

  static Stream<EtcdRead> reads() {
    return EtcdRead.all();
  }

  static Stream<EtcdRead> readsWithoutDamage() {
    return EtcdRead.all().filter(read -> !read.etcdReportsDamage());
  }

  private Dumps.Json dump(EtcdRead read) throws IOException {
    Path wal = Fixtures.copy(read.fixture(), tmp);
    return Dumps.json(wal, "--snapshot-index", read.index(), "--snapshot-term", read.term());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reads")
  void metadataMatchesEtcd(EtcdRead read) throws IOException {
    JsonNode doc = dump(read).document();
    assertEquals(Dumps.text(read.readMode().get("metadata")), Dumps.text(doc.get("metadata")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reads")
  void hardStateMatchesEtcd(EtcdRead read) throws IOException {
    JsonNode doc = dump(read).document();
    assertEquals(
        Dumps.hardState(read.readMode().get("hardstate")), Dumps.hardState(doc.get("hardstate")));
  }

  /** With damage etcd returns no entries: see {@link #entriesReadBeforeTheDamageAreIncluded}. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("readsWithoutDamage")
  void entriesMatchEtcdUnlessEtcdReportsDamage(EtcdRead read) throws IOException {
    JsonNode doc = dump(read).document();
    assertEquals(Dumps.entries(read.readMode().get("entries")), Dumps.entries(doc.get("entries")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reads")
  void errorKindNamesEtcdsErrorAndTheTornTailEtcdPassesOver(EtcdRead read) throws IOException {
    JsonNode doc = dump(read).document();
    assertEquals(read.expectedErrorKind(), Dumps.text(doc.get("errorKind")));
    assertEquals(read.expectedErrorKind() == null, doc.get("error").isNull(), "error text");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reads")
  void segmentsListTheDirectoryAsEtcdLeftIt(EtcdRead read) throws IOException {
    JsonNode doc = dump(read).document();
    assertEquals(
        Fixtures.expected(read.fixture()).get("segments").toString(),
        doc.get("segments").toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reads")
  void snapshotIsTheOneReadFrom(EtcdRead read) throws IOException {
    JsonNode doc = dump(read).document();
    JsonNode snapshot = doc.get("snapshot");
    assertEquals(
        read.index() + "/" + read.term(),
        Dumps.text(snapshot.get("index")) + "/" + Dumps.text(snapshot.get("term")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reads")
  void exitCodeIs1ForDamage2ForOtherErrorsAnd0Otherwise(EtcdRead read) throws IOException {
    String kind = read.expectedErrorKind();
    boolean damage =
        kind != null
            && List.of("torn-tail", "crc-mismatch", "metadata-conflict", "corruption")
                .contains(kind);
    int expected = kind == null ? 0 : damage ? 1 : 2;
    assertEquals(expected, dump(read).run().exitCode());
  }

  @Test
  void entriesReadBeforeTheDamageAreIncluded() throws IOException {
    Path wal = Fixtures.copy("corrupt-middle", tmp);
    Dumps.Json dump = Dumps.json(wal);
    List<String> read = Dumps.entries(dump.document().get("entries"));
    List<String> saved = savedEntries("corrupt-middle");
    assertFalse(read.isEmpty(), "the first segment is intact: its entries are read");
    assertTrue(read.size() < saved.size(), "the read stops at the damage");
    assertEquals(saved.subList(0, read.size()), read, "what was read is what etcd saved, in order");
  }

  @Test
  void damageIsReportedWithItsSegmentAndOffset() throws IOException {
    Path wal = Fixtures.copy("corrupt-middle", tmp);
    String segment = "0000000000000001-0000000000000015.wal";
    // ops.json: the bit flipped is in the byte at offset 26161 of that segment.
    int frame =
        SegmentFrames.of(Files.readAllBytes(wal.resolve(segment))).stream()
            .filter(f -> f.offset() <= 26161 && 26161 < f.end())
            .findFirst()
            .orElseThrow()
            .offset();
    Cli.Run run = Dumps.json(wal).run();
    assertTrue(
        run.err().contains("in segment " + segment + " at offset " + frame + ":"), run::toString);
  }

  /** The entries the fixture's saves wrote, with raft's overwrites applied: the log etcd kept. */
  private static List<String> savedEntries(String fixture) {
    JsonNode ops = JsonDocs.parse(Fixtures.ops(fixture));
    List<String> log = new ArrayList<>();
    for (JsonNode o : ops.get("ops")) {
      if (!"save".equals(o.get("op").asText()) || !o.has("entries")) {
        continue;
      }
      JsonNode entries = o.get("entries");
      for (String entry : Dumps.entries(entries)) {
        int index = Integer.parseInt(entry.split("/", -1)[1]);
        while (log.size() >= index) {
          log.remove(log.size() - 1);
        }
        log.add(entry);
      }
    }
    return log;
  }
}
