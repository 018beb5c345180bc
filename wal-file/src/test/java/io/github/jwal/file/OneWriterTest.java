package io.github.jwal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import io.github.jwal.Wal;
import io.github.jwal.WalContents;
import io.github.jwal.WalLockedException;
import io.github.jwal.WalOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 10's race: a writer with 4 KiB segments saves a 3,000-byte entry, saves the commit, saves a
 * snapshot and releases the old segments, round after round, so every round cuts; a second writer
 * opens the log, reads it and saves a higher term, again and again. Every one of the second
 * writer's opens is refused until the first writer has closed, and the log then reads whole.
 */
class OneWriterTest extends WalFileTestBase {
  private static final int ROUNDS = 150;

  private static WalOptions smallSegments(Path dir) {
    return options(dir).withSegmentBytes(4096);
  }

  /** The first writer's rounds; returns the entries it saved. */
  private static List<Entry> cutAndRelease(Wal wal) throws IOException {
    List<Entry> saved = new ArrayList<>();
    for (int i = 1; i <= ROUNDS; i++) {
      Entry entry = entry(1, i, 3000);
      wal.save(new HardState(1, 1, i - 1), List.of(entry));
      wal.save(new HardState(1, 1, i), List.of());
      wal.saveSnapshot(Snapshot.of(i, 1));
      wal.releaseLockTo(i);
      saved.add(entry);
    }
    return saved;
  }

  private static void assertReadsWhole(WalOptions options, List<Entry> saved) throws IOException {
    WalContents contents = readOnly(options, Snapshot.ZERO);
    assertEquals(saved, contents.entries().subList(0, saved.size()));
    assertEquals(null, contents.tornTail());
  }

  @Test
  void aSecondWriterInThisProcessGetsInOnlyAfterTheFirstCloses() throws Exception {
    WalOptions options = smallSegments(tempDir.resolve("wal"));
    AtomicBoolean firstClosing = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger openedAfterClose = new AtomicInteger();
    List<String> violations = new ArrayList<>();
    CountDownLatch tried = new CountDownLatch(1);
    Wal first = Wal.create(options, null);
    Thread second =
        new Thread(
            () -> {
              for (long term = 2; !stop.get(); term++) {
                try (Wal wal = Wal.open(options, Snapshot.ZERO)) {
                  wal.readAll();
                  wal.save(new HardState(term, 1, 0), List.of());
                  // The lock is let go inside close(), so a writer that got in saw the first one
                  // closing.
                  if (firstClosing.get()) {
                    openedAfterClose.incrementAndGet();
                  } else {
                    violations.add("opened while the first writer had the log");
                  }
                } catch (WalLockedException e) {
                  refused.incrementAndGet();
                } catch (IOException | RuntimeException e) {
                  violations.add(e.toString());
                }
                tried.countDown();
                if (openedAfterClose.get() > 0 || !violations.isEmpty()) {
                  return;
                }
              }
            });
    second.start();
    tried.await();

    List<Entry> saved = cutAndRelease(first);
    firstClosing.set(true);
    first.close();
    second.join(60_000);
    stop.set(true);
    second.join();

    assertEquals(List.of(), violations);
    assertTrue(refused.get() > 0, "the second writer never met the first");
    assertEquals(1, openedAfterClose.get(), "the second writer opens once the first has closed");
    assertReadsWhole(options, saved);
  }

  @Test
  void aSecondWriterInAnotherProcessGetsInOnlyAfterTheFirstCloses() throws Exception {
    Path dir = tempDir.resolve("wal");
    WalOptions options = smallSegments(dir);
    Wal first = Wal.create(options, null);
    Process second = OtherProcess.start("race", dir.toString(), "4096");
    assertEquals("RACING", OtherProcess.readLine(second));
    AtomicBoolean firstClosing = new AtomicBoolean();
    List<String> heard = new ArrayList<>();
    Thread listener =
        new Thread(
            () -> {
              try {
                for (String line : OtherProcess.readLines(second)) {
                  // A line arrives after what it reports: OPENED heard before closing began is a
                  // violation.
                  heard.add(
                      line + (firstClosing.get() ? "" : " (while the first writer had the log)"));
                }
              } catch (IOException e) {
                heard.add("VIOLATION " + e);
              }
            });
    listener.start();

    List<Entry> saved = cutAndRelease(first);
    firstClosing.set(true);
    first.close();
    second.getOutputStream().close();
    listener.join();
    assertEquals(0, second.waitFor(), heard::toString);

    assertTrue(
        heard.contains("OPENED"), "the second writer opens once the first has closed: " + heard);
    assertTrue(heard.stream().noneMatch(line -> line.startsWith("VIOLATION")), heard::toString);
    assertTrue(
        heard.stream().anyMatch(line -> line.matches("REFUSED [1-9][0-9]*")), heard::toString);
    assertReadsWhole(options, saved);
  }
}
