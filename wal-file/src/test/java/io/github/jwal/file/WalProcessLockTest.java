package io.github.jwal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import io.github.jwal.Wal;
import io.github.jwal.WalLockedException;
import io.github.jwal.WalOptions;
import io.github.jwal.spi.SegmentId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Locks between processes, at the level of {@link Wal}: a second writer, etcd's purge, and readers,
 * each in a child JVM. Only the default filesystem has locks another process can see.
 */
class WalProcessLockTest extends WalFileTestBase {

  /** etcd's TestReleaseLockTo log: ten cuts, one entry each. */
  private Wal tenCuts(Path dir) throws Exception {
    // A segment size below the head's makes every save cut, as the test's explicit cut() does.
    Wal wal = create(options(dir).withSegmentBytes(8), null);
    for (long i = 0; i < 10; i++) {
      wal.save(HardState.EMPTY, List.of(Entry.of(1, i, null)));
    }
    return wal;
  }

  /** What another process's lock attempt says of each segment file in {@code dir}. */
  private static List<String> probeSegments(Path dir) throws Exception {
    List<String> args = new ArrayList<>(List.of("probe"));
    for (String name : segmentNames(dir)) {
      args.add(dir.resolve(name).toString());
    }
    return OtherProcess.run(args.toArray(String[]::new));
  }

  private static List<String> heldOrFree(List<String> segmentNames, List<SegmentId> held) {
    return segmentNames.stream()
        .map(name -> held.contains(SegmentId.parse(name).orElseThrow()) ? "HELD" : "FREE")
        .toList();
  }

  // etcd: Open gives fileutil.ErrLocked while another process has the WAL open (its segment locks;
  // docs/one-writer.md)
  @Test
  void anotherProcessCannotOpenALogThisProcessHolds() throws Exception {
    Path dir = tempDir.resolve("wal");
    create(options(dir), null);

    List<String> said = OtherProcess.run("open", dir.toString());

    assertEquals(1, said.size(), said::toString);
    assertTrue(said.get(0).startsWith("LOCKED "), said::toString);
    assertTrue(
        said.get(0)
                .contains(
                    dir.resolve(FileStorageProvider.WRITER_LOCK_FILE).getFileName().toString())
            && said.get(0).contains(dir.toString()),
        said::toString);
  }

  // etcd: Open gives fileutil.ErrLocked while another process has the WAL open (its segment locks;
  // docs/one-writer.md)
  @Test
  void thisProcessCannotOpenALogAnotherProcessHolds() throws Exception {
    Path dir = tempDir.resolve("wal");
    WalOptions options = options(dir);
    Wal.create(options, null).close();
    Process holder = OtherProcess.start("hold", dir.toString());
    try {
      assertEquals("HOLDING", OtherProcess.readLine(holder));

      WalLockedException e =
          assertThrows(WalLockedException.class, () -> Wal.open(options, Snapshot.ZERO));

      assertTrue(
          e.getMessage().contains(dir.toString())
              && e.getMessage().contains(FileStorageProvider.WRITER_LOCK_FILE),
          e::toString);
    } finally {
      holder.getOutputStream().close();
      holder.waitFor();
    }
    assertEquals(0, holder.exitValue());
    reopen(options, Snapshot.ZERO);
  }

  // etcd: TestReleaseLockTo (ReleaseLockTo(5) after ten cuts keeps segments 4..10), as another
  // process's purge sees it: the released files can be locked, the kept ones cannot
  @Test
  void releaseLockToFreesOnlyTheReleasedSegmentsForOtherProcesses() throws Exception {
    Path dir = tempDir.resolve("wal");
    Wal wal = tenCuts(dir);

    wal.releaseLockTo(5);

    assertEquals(
        LongStream.rangeClosed(4, 10).boxed().toList(),
        wal.lockedSegments().stream().map(SegmentId::firstIndex).toList());
    List<String> names = segmentNames(dir);
    assertEquals(heldOrFree(names, wal.lockedSegments()), probeSegments(dir));
  }

  // etcd: PurgeFile from another process (docs/writing.md, Purge) stops at the first segment the
  // writer holds
  @Test
  void aPurgeInAnotherProcessDeletesOnlyReleasedSegments() throws Exception {
    Path dir = tempDir.resolve("wal");
    Wal wal = tenCuts(dir);
    wal.releaseLockTo(5);
    List<String> before = segmentNames(dir);

    List<String> purged = OtherProcess.run("purge", dir.toString(), "1");

    assertEquals(before.subList(0, 4), purged);
    assertEquals(before.subList(4, before.size()), segmentNames(dir));
  }

  // etcd: TestOpenForRead (a reader works while the writer holds the log), plus what Java adds: the
  // reader's channels, closed in the writer's JVM, must not drop the writer's POSIX locks
  @Test
  void readingWhileThisProcessWritesKeepsEveryLock() throws Exception {
    Path dir = tempDir.resolve("wal");
    tenCuts(dir);

    assertEquals(9, readOnly(options(dir), Snapshot.ZERO).lastIndex(-1));

    List<String> probed = probeSegments(dir);
    assertEquals(11, probed.size(), probed::toString);
    assertTrue(probed.stream().allMatch("HELD"::equals), probed::toString);
  }
}
