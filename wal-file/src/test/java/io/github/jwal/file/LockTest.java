package io.github.jwal.file;

import static io.github.jwal.file.LockProbe.HELD_ELSEWHERE;
import static io.github.jwal.file.LockProbe.LOCKED;
import static io.github.jwal.file.LockProbe.tryLockFromAnotherProcess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.WalLockedException;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Within one JVM the registry is what excludes a second writer (Jimfs locks never conflict, and the
 * JVM's own check only throws); across processes it is the OS lock, checked from a child JVM.
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

  // etcd: TestLockAndUnlock (TryLock on a locked file gives ErrLocked)
  @ParameterizedTest
  @EnumSource(Fs.class)
  void aSecondWriterInThisProcessIsToldWhichFileIsLocked(Fs fs) throws IOException {
    Path dir = logWithThreeSegments(fs);
    open(dir).lock(List.of(TWO));

    WalLockedException e =
        assertThrows(WalLockedException.class, () -> open(dir).lock(List.of(ONE, TWO)));

    assertTrue(e.getMessage().contains(dir.resolve(TWO.fileName()).toString()), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aFailedLockTakesNoneOfTheSegments(Fs fs) throws IOException {
    Path dir = logWithThreeSegments(fs);
    open(dir).lock(List.of(TWO));
    assertThrows(WalLockedException.class, () -> open(dir).lock(List.of(SegmentId.FIRST, ONE, TWO)));

    open(dir).lock(List.of(SegmentId.FIRST, ONE));
  }

  // etcd: TestReleaseLockTo, at the storage's level
  @ParameterizedTest
  @EnumSource(Fs.class)
  void releaseGivesUpOnlyThatSegment(Fs fs) throws IOException {
    Path dir = logWithThreeSegments(fs);
    FileLogStorage writer = open(dir);
    writer.lock(List.of(SegmentId.FIRST, ONE, TWO));

    writer.release(SegmentId.FIRST);
    writer.release(ONE);

    FileLogStorage other = open(dir);
    other.lock(List.of(SegmentId.FIRST, ONE));
    assertThrows(WalLockedException.class, () -> other.lock(List.of(TWO)));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void releasingAnUnknownSegmentIsIgnored(Fs fs) throws IOException {
    Path dir = logWithThreeSegments(fs);
    FileLogStorage writer = open(dir);
    writer.lock(List.of(TWO));

    writer.release(ONE);

    assertThrows(WalLockedException.class, () -> open(dir).lock(List.of(TWO)));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void closingTheStorageReleasesEverySegment(Fs fs) throws IOException {
    Path dir = logWithThreeSegments(fs);
    FileLogStorage writer = open(dir);
    writer.lock(List.of(SegmentId.FIRST, ONE, TWO));

    writer.close();

    open(dir).lock(List.of(SegmentId.FIRST, ONE, TWO));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aSecondCreateDoesNotDeleteAStagingInProgress(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    open(dir).create();

    assertThrows(WalLockedException.class, () -> open(dir).create());
  }

  // etcd: TestLockAndUnlock, across processes
  @Test
  void anotherProcessCannotLockAHeldSegment() throws Exception {
    Path dir = logWithThreeSegments(Fs.DEFAULT);
    FileLogStorage writer = open(dir);
    writer.lock(List.of(TWO));

    assertEquals(HELD_ELSEWHERE, tryLockFromAnotherProcess(dir.resolve(TWO.fileName())));
    writer.release(TWO);
    assertEquals(LOCKED, tryLockFromAnotherProcess(dir.resolve(TWO.fileName())));
  }

  @Test
  void anotherProcessHoldingASegmentLocksOutThisOne() throws Exception {
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
    try {
      assertEquals('L', holder.getInputStream().read(), "the holder reports its lock");

      WalLockedException e =
          assertThrows(WalLockedException.class, () -> open(dir).lock(List.of(ONE, TWO)));
      assertTrue(e.getMessage().contains(two.toString()), e.getMessage());
    } finally {
      holder.getOutputStream().close();
      holder.waitFor();
    }
    open(dir).lock(List.of(ONE, TWO));
  }

  @Test
  void readingALockedSegmentKeepsItLocked() throws Exception {
    Path dir = logWithThreeSegments(Fs.DEFAULT);
    FileLogStorage writer = open(dir);
    writer.lock(List.of(TWO));

    assertEquals("two", text(readAll(writer, TWO)));
    assertEquals("two", text(readAll(open(dir), TWO)));

    assertEquals(HELD_ELSEWHERE, tryLockFromAnotherProcess(dir.resolve(TWO.fileName())));
  }

  @Test
  void aReaderOpenedBeforeTheLockKeepsItLockedWhenClosed() throws Exception {
    Path dir = logWithThreeSegments(Fs.DEFAULT);
    SegmentReader early = open(dir).openReader(TWO);
    FileLogStorage writer = open(dir);
    writer.lock(List.of(TWO));

    early.close();

    assertEquals(HELD_ELSEWHERE, tryLockFromAnotherProcess(dir.resolve(TWO.fileName())));
  }

  @Test
  void releaseDropsTheLockWhileAReaderSharesTheChannel() throws Exception {
    Path dir = logWithThreeSegments(Fs.DEFAULT);
    FileLogStorage writer = open(dir);
    writer.lock(List.of(TWO));
    try (SegmentReader reader = open(dir).openReader(TWO)) {
      writer.release(TWO);

      assertEquals(LOCKED, tryLockFromAnotherProcess(dir.resolve(TWO.fileName())));
      byte[] bytes = new byte[3];
      assertEquals(3, reader.read(bytes, 0, 3));
      assertEquals("two", new String(bytes));
    }
  }

  @Test
  void thePublishedSegmentOfACutStaysLocked() throws Exception {
    Path dir = logWithThreeSegments(Fs.DEFAULT);
    FileLogStorage writer = open(dir);
    writer.lock(List.of(TWO));

    writer.allocate().publish(id(3, 9));

    assertEquals(HELD_ELSEWHERE, tryLockFromAnotherProcess(dir.resolve(id(3, 9).fileName())));
  }

  @Test
  void theCreatedSegmentStaysLockedAfterItsDirectoryIsRenamed() throws Exception {
    Path dir = tempDir.resolve("wal");
    createLog(open(dir), "head");

    assertEquals(
        HELD_ELSEWHERE, tryLockFromAnotherProcess(dir.resolve(SegmentId.FIRST.fileName())));
    assertThrows(WalLockedException.class, () -> open(dir).lock(List.of(SegmentId.FIRST)));
  }
}
