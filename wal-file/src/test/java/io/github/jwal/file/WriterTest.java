package io.github.jwal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import io.github.jwal.WalClosedException;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WriterTest extends StorageTestBase {

  private FileLogStorage lockedLog(Path dir, String content) throws IOException {
    segmentFile(dir, SegmentId.FIRST, content);
    FileLogStorage storage = open(dir);
    storage.lock();
    storage.hold(List.of(SegmentId.FIRST));
    return storage;
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void writeAdvancesThePosition(Fs fs) throws IOException {
    SegmentWriter writer = open(root(fs).resolve("wal")).create();

    write(writer, "abc");
    writer.write("xdefx".getBytes(StandardCharsets.UTF_8), 1, 3);

    assertEquals(6, writer.position());
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void openTailAppendsAtTheOffsetOverPreallocatedZeros(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    FileLogStorage storage = lockedLog(dir, "head" + "\0".repeat(100));

    SegmentWriter tail = storage.openTail(SegmentId.FIRST, 4);
    write(tail, "+more");
    tail.sync();

    assertEquals(9, tail.position());
    assertEquals(104, Files.size(dir.resolve(SegmentId.FIRST.fileName())));
    assertEquals("head+more", text(readAll(storage, SegmentId.FIRST)));
  }

  // etcd: TestTailWriteNoSlackSpace
  @ParameterizedTest
  @EnumSource(Fs.class)
  void appendingPastTheEndOfACutSegmentGrowsIt(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    FileLogStorage storage = lockedLog(dir, "head" + "\0".repeat(100));
    storage.truncate(SegmentId.FIRST, 4);

    SegmentWriter tail = storage.openTail(SegmentId.FIRST, 4);
    write(tail, "+entry".repeat(50));
    tail.sync();

    assertEquals(
        "head" + "+entry".repeat(50), Files.readString(dir.resolve(SegmentId.FIRST.fileName())));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void sealCutsThePreallocatedSpaceAtThePosition(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    FileLogStorage storage = open(dir);
    SegmentWriter writer = createLog(storage, "head");

    writer.seal();

    assertEquals("head", Files.readString(dir.resolve(SegmentId.FIRST.fileName())));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void truncateCutsALockedSegment(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    FileLogStorage storage = lockedLog(dir, "good-torn");

    storage.truncate(SegmentId.FIRST, 4);

    assertEquals("good", Files.readString(dir.resolve(SegmentId.FIRST.fileName())));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void openTailOfASegmentNotLockedIsRefused(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    segmentFile(dir, SegmentId.FIRST, "head");

    assertThrows(IllegalStateException.class, () -> open(dir).openTail(SegmentId.FIRST, 4));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void closingATailWriterKeepsTheSegmentLocked(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    FileLogStorage storage = lockedLog(dir, "head");

    storage.openTail(SegmentId.FIRST, 4).close();
    SegmentWriter again = storage.openTail(SegmentId.FIRST, 4);
    write(again, "+more");

    assertEquals("head+more", Files.readString(dir.resolve(SegmentId.FIRST.fileName())));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aClosedWriterRefusesWrites(Fs fs) throws IOException {
    SegmentWriter writer = lockedLog(root(fs).resolve("wal"), "head").openTail(SegmentId.FIRST, 4);

    writer.close();

    WalClosedException e = assertThrows(WalClosedException.class, () -> write(writer, "x"));
    assertFalse(e.isPoisoned());
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aClosedStorageRefusesWritesAndSyncs(Fs fs) throws IOException {
    FileLogStorage storage = lockedLog(root(fs).resolve("wal"), "head");
    SegmentWriter writer = storage.openTail(SegmentId.FIRST, 4);

    storage.close();

    assertFalse(assertThrows(WalClosedException.class, () -> write(writer, "x")).isPoisoned());
    assertFalse(assertThrows(WalClosedException.class, writer::sync).isPoisoned());
    assertFalse(assertThrows(WalClosedException.class, storage::allocate).isPoisoned());
  }

  @Test
  void aFailedWritePoisonsTheStorageUntilReopened() throws IOException {
    Configuration tiny =
        Configuration.unix().toBuilder().setBlockSize(4096).setMaxSize(256 * 1024).build();
    Path dir = root(tiny).resolve("wal");
    segmentFile(dir, SegmentId.FIRST, "head");
    FileLogStorage storage = open(dir, 4096, Preallocation.NONE);
    storage.lock();
    storage.hold(List.of(SegmentId.FIRST));
    SegmentWriter writer = storage.openTail(SegmentId.FIRST, 4);
    SegmentWriter spare = storage.allocate();
    IOException failure = assertThrows(IOException.class, () -> write(writer, "x".repeat(1 << 20)));

    for (Executable later :
        List.<Executable>of(
            () -> write(writer, "x"),
            writer::sync,
            writer::seal,
            () -> spare.publish(id(1, 1)),
            storage::allocate,
            () -> storage.openTail(SegmentId.FIRST, 4),
            () -> storage.truncate(SegmentId.FIRST, 4))) {
      WalClosedException e = assertThrows(WalClosedException.class, later);
      assertTrue(e.isPoisoned());
      assertSame(failure, e.getCause());
    }
    storage.close();
    FileLogStorage reopened = open(dir, 4096, Preallocation.NONE);
    reopened.lock();
    reopened.hold(List.of(SegmentId.FIRST));
    write(reopened.openTail(SegmentId.FIRST, 4), "+ok");
  }
}
