package io.github.jwal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DumpCommandTest {
  private static final long TOP_BIT = Long.MIN_VALUE;

  @TempDir Path tmp;

  static Stream<Arguments> fixturesAndFormats() {
    return Fixtures.names().stream()
        .flatMap(name -> Stream.of(Arguments.of(name, "text"), Arguments.of(name, "json")));
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("fixturesAndFormats")
  void dumpNeverChangesTheDirectory(String fixture, String format) throws IOException {
    Path wal = Fixtures.copy(fixture, tmp);
    DirectoryState before = DirectoryState.of(wal);
    Cli.run("dump", "--format", format, wal);
    assertEquals(before, DirectoryState.of(wal));
  }

  @Test
  void textShowsEachEntrysTermIndexTypeSizeAndPreview() throws IOException {
    Path wal = Fixtures.copy("small", tmp);
    String out = squeezed(Cli.run("dump", wal).out());
    assertTrue(out.contains("1 1 normal 5 \"hello\""), out);
    assertTrue(out.contains("1 3 conf-change 29 08 07 10 00"), out);
    assertTrue(out.contains("2 4 normal - (absent)"), out);
  }

  @Test
  void textShowsMetadataAndHardState() throws IOException {
    Path wal = Fixtures.copy("small", tmp);
    String out = squeezed(Cli.run("dump", wal).out());
    assertTrue(out.contains("metadata 31 bytes \"etcdwal small scenario metadata\""), out);
    assertTrue(out.contains("hard state term 2, vote 0, commit 4"), out);
  }

  @Test
  void textListsTheDurableCommittedSnapshots() throws IOException {
    Path wal = Fixtures.copy("snapshot", tmp);
    String out = squeezed(Cli.run("dump", wal).out());
    assertTrue(out.contains("snapshots index 0 term 0; index 20 term 1"), out);
  }

  @Test
  void textListsSegmentsWithTheirSizes() throws IOException {
    Path wal = Fixtures.copy("big-entry", tmp);
    String out = squeezed(Cli.run("dump", wal).out());
    assertTrue(out.contains("segments 2, 1081520 bytes"), out);
    assertTrue(out.contains("0000000000000000-0000000000000000.wal 1048752 bytes"), out);
  }

  @Test
  void jsonKeepsAbsentDataApartFromEmptyData() throws IOException {
    Path wal = Fixtures.copy("big-entry", tmp);
    String out = Cli.run("dump", "--format", "json", wal).out();
    assertTrue(out.contains("{\"term\": 1, \"index\": 3, \"type\": 0, \"data\": null}"), out);
    assertTrue(out.contains("{\"term\": 1, \"index\": 4, \"type\": 0, \"data\": \"\"}"), out);
  }

  @Test
  void jsonWritesTermsAndIndexesAsUnsignedDecimals() throws IOException {
    Path wal = tmp.resolve("wal");
    WalOptions options = WalOptions.at(wal).withStorage("file");
    try (Wal log = Wal.create(options, null)) {
      log.save(new HardState(TOP_BIT, 1, 1), List.of(Entry.of(TOP_BIT, 1, new byte[] {1})));
    }
    String out = Cli.run("dump", "--format", "json", wal).out();
    assertTrue(out.contains("{\"term\": 9223372036854775808, \"index\": 1,"), out);
    assertTrue(
        out.contains("\"hardstate\": {\"term\": 9223372036854775808, \"vote\": 1, \"commit\": 1}"),
        out);
  }

  @Test
  void snapshotOptionsTakeNumbersAboveLongMaxValue() throws IOException {
    Path wal = Fixtures.copy("small", tmp);
    Dumps.Json dump =
        Dumps.json(
            wal,
            "--snapshot-index",
            "18446744073709551615",
            "--snapshot-term",
            "18446744073709551614");
    assertEquals(
        "{\"index\":18446744073709551615,\"term\":18446744073709551614}",
        dump.document().get("snapshot").toString());
  }

  @Test
  void aSnapshotTheLogDoesNotHoldExitsWith2() throws IOException {
    Path wal = Fixtures.copy("small", tmp);
    Cli.Run run = Cli.run("dump", wal, "--snapshot-index", "3", "--snapshot-term", "1");
    assertEquals(2, run.exitCode(), run::toString);
  }

  @Test
  void aSnapshotIndexWithoutItsTermIsAUsageError() throws IOException {
    Path wal = Fixtures.copy("small", tmp);
    Cli.Run run = Cli.run("dump", wal, "--snapshot-index", "3");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("--snapshot-term"), run::toString);
  }

  @Test
  void aMissingDirectoryExitsWith2AndSaysSo() {
    Cli.Run run = Cli.run("dump", tmp.resolve("nothing-here"));
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("no such directory"), run::toString);
  }

  @Test
  void aDirectoryWithoutSegmentsExitsWith2() throws IOException {
    Files.writeString(tmp.resolve("notes.txt"), "not a log");
    Cli.Run run = Cli.run("dump", tmp);
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("no log here"), run::toString);
  }

  @Test
  void aMissingDirectoryIsReportedAsFileNotFoundInJson() {
    Dumps.Json dump = Dumps.json(tmp.resolve("nothing-here"));
    assertEquals("file-not-found", Dumps.text(dump.document().get("errorKind")));
  }

  @Test
  void aTornTailNamesItsSegmentAndOffsetOnStderr() throws IOException {
    Path wal = Fixtures.copy("torn-tail-truncated", tmp);
    Cli.Run run = Cli.run("dump", wal);
    assertTrue(
        run.err()
            .contains("torn tail in segment 0000000000000002-0000000000000033.wal at offset 3640"),
        run::toString);
  }

  @Test
  void aPurgedLogSuggestsTheSnapshotsItCanBeReadFrom() throws IOException {
    Path wal = Fixtures.copy("released", tmp);
    Cli.Run run = Cli.run("dump", wal);
    assertTrue(run.err().contains("--snapshot-index 67 --snapshot-term 1"), run::toString);
  }

  /** The text with runs of spaces made one, so that assertions do not depend on column widths. */
  private static String squeezed(String text) {
    return text.replaceAll(" {2,}", " ");
  }
}
