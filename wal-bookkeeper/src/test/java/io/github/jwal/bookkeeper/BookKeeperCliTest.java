package io.github.jwal.bookkeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import io.github.jwal.cli.Jwal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The jwal command on {@code bookkeeper://} locations, found by ServiceLoader as an operator's
 * class path finds it: dump, verify, stats and repair of logs on the in-process CLUSTER.get().
 */
class BookKeeperCliTest {
  private static final AtomicLong NEXT = new AtomicLong();
  @RegisterExtension static final ClusterPerClass CLUSTER = new ClusterPerClass();

  private record Run(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /** The command with the cluster's fast client settings as {@code --property} options. */
  private static Run jwal(String command, String location, String... more) {
    List<String> args = new ArrayList<>(List.of(command, location));
    for (Map.Entry<String, String> property : LocalCluster.fastProperties().entrySet()) {
      args.add("--property");
      args.add(property.getKey() + "=" + property.getValue());
    }
    args.addAll(List.of(more));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Jwal.execute(
            new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private static String newLocation() {
    return CLUSTER.get().location("/cli/log-" + NEXT.incrementAndGet());
  }

  private static WalOptions options(String location) {
    return WalOptions.at(URI.create(location))
        .withProperties(LocalCluster.fastProperties())
        .withSegmentBytes(16 * 1024);
  }

  /** Entries 1..count of 1000 bytes, one save each: with 16 KiB segments, several segments. */
  private static void save(Wal wal, int count) throws IOException {
    for (long i = 1; i <= count; i++) {
      wal.save(new HardState(2, 1, i), List.of(Entry.of(2, i, new byte[1000])));
    }
  }

  private static String written(int count) throws IOException {
    String location = newLocation();
    try (Wal wal =
        Wal.create(options(location), "cli".getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      save(wal, count);
    }
    return location;
  }

  @Test
  void verifyOfAWrittenLogExits0AndCountsItsEntriesAndSegments() throws IOException {
    String location = written(40);
    Run run = jwal("verify", location);
    assertEquals(0, run.exitCode(), run::toString);
    Matcher ok =
        Pattern.compile(
                "ok: "
                    + Pattern.quote(location)
                    + ": 40 entries \\(index 1\\.\\.40\\), hard state term 2, vote 1, commit 40,"
                    + " (\\d+) segments, CRC chain intact")
            .matcher(run.out());
    assertTrue(ok.find(), run::toString);
    assertTrue(Integer.parseInt(ok.group(1)) > 1, run::toString);
  }

  @Test
  void dumpShowsTheEntriesAndTheSegmentsTheBackendLists() throws IOException {
    String location = written(40);
    Run run = jwal("dump", location);
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().startsWith("location    " + location + "\n"), run::toString);
    assertTrue(run.out().contains("entries     40, index 1..40"), run::toString);
    assertTrue(run.out().contains("normal"), run::toString);
    assertTrue(
        Pattern.compile("  0000000000000000-0000000000000000\\.wal +[1-9]\\d* bytes")
            .matcher(run.out())
            .find(),
        run::toString);
    assertTrue(run.out().contains("status      ok"), run::toString);
  }

  @Test
  void statsListsEverySegmentWithItsSize() throws IOException {
    String location = written(40);
    Run run = jwal("stats", location);
    assertEquals(0, run.exitCode(), run::toString);
    List<Long> sizes = new ArrayList<>();
    Matcher segment = Pattern.compile("\\.wal +(\\d+) bytes  seq ").matcher(run.out());
    while (segment.find()) {
      sizes.add(Long.parseLong(segment.group(1)));
    }
    Matcher total = Pattern.compile("segments     (\\d+), (\\d+) bytes").matcher(run.out());
    assertTrue(total.find(), run::toString);
    assertEquals(Integer.parseInt(total.group(1)), sizes.size(), run::toString);
    assertEquals(
        Long.parseLong(total.group(2)),
        sizes.stream().mapToLong(Long::longValue).sum(),
        run::toString);
    assertTrue(sizes.size() > 1 && sizes.stream().allMatch(s -> s > 0), run::toString);
    assertTrue(run.out().contains("entries      40\n"), run::toString);
    assertTrue(run.out().contains("chain        ok"), run::toString);
  }

  @Test
  void verifyReadsALogWhoseWriterDiedWithoutClosing() throws IOException {
    String location = newLocation();
    Wal wal = Wal.create(options(location), null);
    save(wal, 30);
    // The writer's process dies: its ledgers stay open, its session ends; nothing is closed.
    BookKeeperLogStorage.crashAll(location);
    Run run = jwal("verify", location);
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().contains(": 30 entries (index 1..30)"), run::toString);
  }

  @Test
  void repairWorksThroughTheBackendAndFindsNothingToCutInASoundLog() throws IOException {
    String location = written(10);
    Run run = jwal("repair", location);
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().contains("nothing to cut"), run::toString);
    assertTrue(run.out().contains("the log now reads cleanly: 10 entries"), run::toString);
  }

  @Test
  void repairIsRefusedWhileAWriterHasTheLog() throws IOException {
    String location = newLocation();
    try (Wal wal = Wal.create(options(location), null)) {
      save(wal, 5);
      Run run = jwal("repair", location);
      assertEquals(2, run.exitCode(), run::toString);
      assertTrue(run.err().contains(location), run::toString);
      wal.save(new HardState(2, 1, 6), List.of(Entry.of(2, 6, new byte[10])));
    }
  }

  @Test
  void aPropertyTheBackendDoesNotKnowIsAnEnvironmentError() throws IOException {
    String location = written(1);
    Run run = jwal("verify", location, "--property", "bookkeeper.noSuchSetting=1");
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.err().contains("unknown property bookkeeper.noSuchSetting"), run::toString);
  }
}
