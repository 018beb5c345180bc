package io.github.jwal.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import io.github.jwal.file.FileStorageProvider;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepairCommandTest {
  private static final String TORN_SEGMENT = "0000000000000002-0000000000000033.wal";

  @TempDir Path tmp;

  @Test
  void aTornTailIsCutAndTheCommandExits0() throws IOException {
    Path wal = Fixtures.copy("torn-tail-truncated", tmp);
    Cli.Run run = Cli.run("repair", wal);
    assertEquals(0, run.exitCode(), run::toString);
  }

  // Issue 15's reproduction: save A synced, save B (ten 1,000-byte entries) not; the crash kept A
  // and
  // B's bytes only from the first page boundary after A. verify reports a torn tail, repair cuts
  // it.
  @Test
  void aPowerCutThatKeptOnlyALaterPageOfAnUnsyncedSaveIsATornTailThatRepairCuts()
      throws IOException {
    Path wal = tmp.resolve("wal");
    WalOptions options =
        WalOptions.at(wal).withStorage(FileStorageProvider.NAME).withSegmentBytes(64 * 1024);
    Path tail = wal.resolve(SegmentId.FIRST.fileName());
    long aEnd;
    try (Wal log = Wal.create(options, null)) {
      log.save(new HardState(1, 1, 0), List.of(Entry.of(1, 1, new byte[100])));
      aEnd = Files.size(tail) - zerosAtTheEnd(Files.readAllBytes(tail));
      List<Entry> b = new ArrayList<>();
      for (long i = 2; i <= 11; i++) {
        byte[] data = new byte[1000];
        Arrays.fill(data, (byte) i);
        b.add(Entry.of(1, i, data));
      }
      log.save(new HardState(1, 1, 1), b);
    }
    byte[] bytes = Files.readAllBytes(tail);
    Arrays.fill(bytes, (int) aEnd, (int) ((aEnd + 4095) / 4096 * 4096), (byte) 0);
    Files.write(tail, bytes);

    assertEquals(1, Cli.run("verify", wal).exitCode());
    Cli.Run repair = Cli.run("repair", wal);
    assertEquals(0, repair.exitCode(), repair::toString);
    Cli.Run verify = Cli.run("verify", wal);
    assertEquals(0, verify.exitCode(), verify::toString);
    assertTrue(verify.out().contains("1 entries (index 1..1)"), verify::toString);
  }

  private static int zerosAtTheEnd(byte[] bytes) {
    int n = 0;
    while (n < bytes.length && bytes[bytes.length - 1 - n] == 0) {
      n++;
    }
    return n / 8 * 8;
  }

  @Test
  void segmentSizesAfterTheCutAreEtcds() throws IOException {
    Path wal = Fixtures.copy("torn-tail-zero-tail", tmp);
    Cli.run("repair", wal);
    JsonNode repair = Fixtures.expected("torn-tail-zero-tail").get("repair");
    assertEquals(
        repair.get("segments").toString(), Dumps.json(wal).document().get("segments").toString());
  }

  @Test
  void theRepairedLogReadsAsEtcdsRepairedLog() throws IOException {
    Path wal = Fixtures.copy("torn-tail-truncated", tmp);
    Cli.run("repair", wal);
    JsonNode after = Fixtures.expected("torn-tail-truncated").get("repair").get("after");
    Dumps.Json dump = Dumps.json(wal);
    assertEquals(0, dump.run().exitCode(), dump.run()::toString);
    assertEquals(
        Dumps.entries(after.get("entries")), Dumps.entries(dump.document().get("entries")));
  }

  @Test
  void theWholeSegmentIsKeptAsABackupBeforeTheCut() throws IOException {
    Path wal = Fixtures.copy("torn-tail-truncated", tmp);
    byte[] original = Files.readAllBytes(wal.resolve(TORN_SEGMENT));
    Cli.run("repair", wal);
    assertArrayEquals(original, Files.readAllBytes(wal.resolve(TORN_SEGMENT + ".broken")));
  }

  @Test
  void printsWhatItCutAndWhereTheBackupIs() throws IOException {
    Path wal = Fixtures.copy("torn-tail-truncated", tmp);
    Cli.Run run = Cli.run("repair", wal);
    assertTrue(run.out().contains("cut " + TORN_SEGMENT + " at offset 3640"), run::toString);
    assertTrue(
        run.out().contains("backup: " + wal.resolve(TORN_SEGMENT + ".broken")), run::toString);
    assertTrue(
        run.out().contains("the log now reads cleanly: 53 entries (index 1..53)"), run::toString);
  }

  @Test
  void aSoundLogHasNothingToCutAndIsLeftAsItWas() throws IOException {
    Path wal = Fixtures.copy("multi-segment", tmp);
    DirectoryState before = DirectoryState.of(wal);
    Cli.Run run = Cli.run("repair", wal);
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().contains("nothing to cut"), run::toString);
    assertEquals(before, DirectoryState.of(wal));
  }

  @Test
  void damageBeforeTheLastSegmentIsLeftAloneAndExits1() throws IOException {
    Path wal = Fixtures.copy("corrupt-middle", tmp);
    DirectoryState before = DirectoryState.of(wal);
    Cli.Run run = Cli.run("repair", wal);
    assertEquals(1, run.exitCode(), run::toString);
    assertEquals(before, DirectoryState.of(wal));
  }

  @Test
  void damageFollowedByValidRecordsIsRefusedWithoutTheFlag() throws IOException {
    Path wal = damagedInTheMiddleOfItsOnlySegment();
    DirectoryState before = DirectoryState.of(wal);
    Cli.Run run = Cli.run("repair", wal);
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().contains("--discard-damaged-tail"), run::toString);
    assertEquals(before, DirectoryState.of(wal));
  }

  @Test
  void discardDamagedTailCutsDamageFollowedByValidRecords() throws IOException {
    Path wal = damagedInTheMiddleOfItsOnlySegment();
    Cli.Run run = Cli.run("repair", "--discard-damaged-tail", wal);
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(0, Cli.run("verify", wal).exitCode());
  }

  @Test
  void aMissingDirectoryExitsWith2() {
    Cli.Run run = Cli.run("repair", tmp.resolve("absent"));
    assertEquals(2, run.exitCode(), run::toString);
  }

  /** The small fixture with a byte flipped inside a record that valid records follow. */
  private Path damagedInTheMiddleOfItsOnlySegment() throws IOException {
    Path wal = Fixtures.copy("small", tmp);
    Path segment = wal.resolve("0000000000000000-0000000000000000.wal");
    byte[] bytes = Files.readAllBytes(segment);
    List<SegmentFrames.Frame> frames = new ArrayList<>(SegmentFrames.of(bytes));
    SegmentFrames.Frame middle = frames.get(frames.size() / 2);
    bytes[(middle.offset() + middle.dataEnd()) / 2] ^= 0x10;
    Files.write(segment, bytes);
    return wal;
  }
}
