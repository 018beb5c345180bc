package io.github.jwal.file;

import static io.github.jwal.file.LockProbe.HELD_ELSEWHERE;
import static io.github.jwal.file.LockProbe.LOCKED;
import static io.github.jwal.file.LockProbe.tryLockFromAnotherProcess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.WalLockedException;
import io.github.jwal.WalNotFoundException;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The writer's lock is the OS lock of the log's lock file, held from before the segments are listed
 * until the storage closes; beside it, as etcd does, each segment the writer still needs is locked
 * too, for etcd's purge. Within one JVM the registry is what excludes a second writer (Jimfs locks
 * never conflict, and the JVM's own check only throws); across processes it is the OS lock, checked
 * from a child JVM.
 */
class LockTest extends StorageTestBase {
  private static final SegmentId ONE = id(1, 1);
  private static final SegmentId TWO = id(2, 5);

  private Path logWithThreeSegments(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    segmentFile(dir, SegmentId.FIRST, "zero");
    segmentFile(dir, ONE, "one");
    segmentFile(dir, TWO, "two");
    return dir;
  }

  private FileLogStorage writerOf(Path dir, SegmentId... held) throws IOException {
    FileLogStorage writer = open(dir);
    writer.lock();
    writer.hold(List.of(held));
    return writer;
  }

  // etcd: TestLockAndUnlock (TryLock on a locked file gives ErrLocked)
  @ParameterizedTest
  @EnumSource(Fs.class)
  void aSecondWriterInThisProcessIsToldTheLogIsLocked(Fs fs) throws IOException {
    Path dir = logWithThreeSegments(fs);
    writerOf(dir, TWO);

    WalLockedException e = assertThrows(WalLockedException.class, () -> open(dir).lock());

    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(FileStorageProvider.WRITER_LOCK_FILE), e.getMessage());
  }

  // The race of issue 10: segment locks alone let a second writer in after the first released.
  @ParameterizedTest
  @EnumSource(Fs.class)
  void aSecondWriterIsRefusedAfterTheFirstReleasedEverySegmentButTheTail(Fs fs) throws IOException {
    Path dir = logWithThreeSegments(fs);
    FileLogStorage writer = writerOf(dir, SegmentId.FIRST, ONE, TWO);

    writer.release(SegmentId.FIRST);
    writer.release(ONE);

    assertThrows(WalLockedException.class, () -> open(dir).lock());
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void holdingNeedsTheWritersLock(Fs fs) throws IOException {
    Path dir = logWithThreeSegments(fs);

    assertThrows(IllegalStateException.class, () -> open(dir).hold(List.of(TWO)));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void lockingWhereThereIsNoLogLeavesNoLockFile(Fs fs) throws IOException {
    Path dir = Files.createDirectories(root(fs).resolve("empty"));

    assertThrows(WalNotFoundException.class, () -> open(dir).lock());

    assertEquals(List.of(), names(dir));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void theLockFileIsNotASegment(Fs fs) throws IOException {
    Path dir = logWithThreeSegments(fs);
    writerOf(dir, TWO);

    assertTrue(names(dir).contains(FileStorageProvider.WRITER_LOCK_FILE));
    assertEquals(List.of(SegmentId.FIRST, ONE, TWO), open(dir).segments());
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void closingTheStorageReleasesTheLogAndEverySegment(Fs fs) throws IOException {
    Path dir = logWithThreeSegments(fs);
    writerOf(dir, SegmentId.FIRST, ONE, TWO).close();

    writerOf(dir, SegmentId.FIRST, ONE, TWO);
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aSecondCreateDoesNotDeleteAStagingInProgress(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    open(dir).create();

    assertThrows(WalLockedException.class, () -> open(dir).create());
  }

  @Test
  void anotherProcessCannotTakeTheWritersLock() throws Exception {
    Path dir = logWithThreeSegments(Fs.DEFAULT);
    Path lockFile = dir.resolve(FileStorageProvider.WRITER_LOCK_FILE);
    FileLogStorage writer = writerOf(dir, TWO);
    writer.release(TWO);

    assertEquals(HELD_ELSEWHERE, tryLockFromAnotherProcess(lockFile));
    writer.close();
    assertEquals(LOCKED, tryLockFromAnotherProcess(lockFile));
  }

  // etcd: TestReleaseLockTo, at the storage's level: etcd's purge may take a released segment
  @Test
  void releaseGivesUpOnlyThatSegment() throws Exception {
    Path dir = logWithThreeSegments(Fs.DEFAULT);
    FileLogStorage writer = writerOf(dir, SegmentId.FIRST, ONE, TWO);

    writer.release(SegmentId.FIRST);
    writer.release(ONE);

    assertEquals(LOCKED, tryLockFromAnotherProcess(dir.resolve(SegmentId.FIRST.fileName())));
    assertEquals(LOCKED, tryLockFromAnotherProcess(dir.resolve(ONE.fileName())));
    assertEquals(HELD_ELSEWHERE, tryLockFromAnotherProcess(dir.resolve(TWO.fileName())));
  }

  @Test
  void releasingAnUnknownSegmentIsIgnored() throws Exception {
    Path dir = logWithThreeSegments(Fs.DEFAULT);
    FileLogStorage writer = writerOf(dir, TWO);

    writer.release(ONE);

    assertEquals(HELD_ELSEWHERE, tryLockFromAnotherProcess(dir.resolve(TWO.fileName())));
  }

  // etcd: TestLockAndUnlock, across processes
  @Test
  void anotherProcessCannotLockAHeldSegment() throws Exception {
    Path dir = logWithThreeSegments(Fs.DEFAULT);
    FileLogStorage writer = writerOf(dir, TWO);

    assertEquals(HELD_ELSEWHERE, tryLockFromAnotherProcess(dir.resolve(TWO.fileName())));
    writer.release(TWO);
    assertEquals(LOCKED, tryLockFromAnotherProcess(dir.resolve(TWO.fileName())));
  }

  @Test
  void aSegmentAnotherProcessHoldsCannotBeHeldAndAFailedHoldTakesNone() throws Exception {
    Path dir = logWithThreeSegments(Fs.DEFAULT);
    Path two = dir.resolve(TWO.fileName());
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockHolder.class.getName(),
                two.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    FileLogStorage writer = open(dir);
    writer.lock();
    try {
      assertEquals('L', holder.getInputStream().read(), "the holder reports its lock");

      WalLockedException e =
          assertThrows(WalLockedException.class, () -> writer.hold(List.of(ONE, TWO)));
      assertTrue(e.getMessage().contains(two.toString()), e.getMessage());
      assertEquals(LOCKED, tryLockFromAnotherProcess(dir.resolve(ONE.fileName())));
    } finally {
      holder.getOutputStream().close();
      holder.waitFor();
    }
    writer.hold(List.of(ONE, TWO));
  }

  @Test
  void readingALockedSegmentKeepsItLocked() throws Exception {
    Path dir = logWithThreeSegments(Fs.DEFAULT);
    FileLogStorage writer = writerOf(dir, TWO);

    assertEquals("two", text(readAll(writer, TWO)));
    assertEquals("two", text(readAll(open(dir), TWO)));

    assertEquals(HELD_ELSEWHERE, tryLockFromAnotherProcess(dir.resolve(TWO.fileName())));
  }

  @Test
  void aReaderOpenedBeforeTheLockKeepsItLockedWhenClosed() throws Exception {
    Path dir = logWithThreeSegments(Fs.DEFAULT);
    SegmentReader early = open(dir).openReader(TWO);
    writerOf(dir, TWO);

    early.close();

    assertEquals(HELD_ELSEWHERE, tryLockFromAnotherProcess(dir.resolve(TWO.fileName())));
  }

  @Test
  void releaseDropsTheLockWhileAReaderSharesTheChannel() throws Exception {
    Path dir = logWithThreeSegments(Fs.DEFAULT);
    FileLogStorage writer = writerOf(dir, TWO);
    try (SegmentReader reader = open(dir).openReader(TWO)) {
      writer.release(TWO);

      assertEquals(LOCKED, tryLockFromAnotherProcess(dir.resolve(TWO.fileName())));
      byte[] bytes = new byte[3];
      assertEquals(3, reader.read(bytes, 0, 3));
      assertEquals("two", new String(bytes, StandardCharsets.UTF_8));
    }
  }

  @Test
  void thePublishedSegmentOfACutStaysLocked() throws Exception {
    Path dir = logWithThreeSegments(Fs.DEFAULT);
    FileLogStorage writer = writerOf(dir, TWO);

    writer.allocate().publish(id(3, 9));

    assertEquals(HELD_ELSEWHERE, tryLockFromAnotherProcess(dir.resolve(id(3, 9).fileName())));
  }

  @Test
  void theCreatedLogStaysLockedAfterItsDirectoryIsRenamed() throws Exception {
    Path dir = tempDir.resolve("wal");
    createLog(open(dir), "head");

    assertEquals(
        HELD_ELSEWHERE, tryLockFromAnotherProcess(dir.resolve(SegmentId.FIRST.fileName())));
    assertEquals(
        HELD_ELSEWHERE,
        tryLockFromAnotherProcess(dir.resolve(FileStorageProvider.WRITER_LOCK_FILE)));
    assertThrows(WalLockedException.class, () -> open(dir).lock());
    assertFalse(Files.exists(tempDir.resolve("wal.tmp")), "the staging directory is gone");
  }
}
