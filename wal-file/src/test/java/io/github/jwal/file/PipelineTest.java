package io.github.jwal.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PipelineTest extends StorageTestBase {

  private static Path pathOf(SegmentWriter writer) {
    return ((FileSegmentWriter) writer).file().path();
  }

  private FileLogStorage writerOn(Path dir) throws IOException {
    segmentFile(dir, SegmentId.FIRST, "head");
    FileLogStorage storage = open(dir);
    storage.lock();
    storage.hold(List.of(SegmentId.FIRST));
    return storage;
  }

  // etcd: TestFilePipeline
  @ParameterizedTest
  @EnumSource(Fs.class)
  void allocateHandsOutAPreallocatedSpare(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");

    SegmentWriter spare = writerOn(dir).allocate();

    assertEquals(dir.resolve("0.tmp"), pathOf(spare));
    assertEquals(SEGMENT_BYTES, Files.size(pathOf(spare)));
    assertEquals(0, spare.position());
    assertNull(spare.id());
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void sparesAlternateBetweenTwoNames(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    FileLogStorage storage = writerOn(dir);

    SegmentWriter first = storage.allocate();
    Path firstSpare = pathOf(first);
    first.publish(id(1, 1));
    SegmentWriter second = storage.allocate();

    assertEquals(
        List.of(dir.resolve("0.tmp"), dir.resolve("1.tmp")), List.of(firstSpare, pathOf(second)));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void publishRenamesTheSpareAndKeepsItsWriter(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    FileLogStorage storage = writerOn(dir);
    SegmentWriter spare = storage.allocate();
    write(spare, "crc+meta");
    spare.sync();

    spare.publish(id(1, 5));
    write(spare, "+entry");
    spare.sync();

    assertEquals(id(1, 5), spare.id());
    assertEquals(dir.resolve(id(1, 5).fileName()), pathOf(spare));
    assertEquals("crc+meta+entry", text(readAll(storage, id(1, 5))));
    assertEquals(List.of(SegmentId.FIRST, id(1, 5)), storage.segments());
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void publishingTwiceIsRefused(Fs fs) throws IOException {
    SegmentWriter spare = writerOn(root(fs).resolve("wal")).allocate();
    spare.publish(id(1, 1));

    assertThrows(IllegalStateException.class, () -> spare.publish(id(2, 1)));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aStaleSpareIsEmptiedBeforeReuse(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    Files.createDirectories(dir);
    byte[] garbage = new byte[4096];
    Arrays.fill(garbage, (byte) 0x5a);
    Files.write(dir.resolve("0.tmp"), garbage);

    SegmentWriter spare = writerOn(dir).allocate();

    byte[] bytes = Files.readAllBytes(pathOf(spare));
    assertArrayEquals(new byte[(int) SEGMENT_BYTES], bytes);
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aStaleSpareIsEmptiedEvenWithoutPreallocation(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    Files.createDirectories(dir);
    Files.write(dir.resolve("0.tmp"), new byte[] {1, 2, 3});
    segmentFile(dir, SegmentId.FIRST, "head");
    FileLogStorage storage = open(dir, SEGMENT_BYTES, Preallocation.NONE);
    storage.lock();
    storage.hold(List.of(SegmentId.FIRST));

    SegmentWriter spare = storage.allocate();

    assertEquals(0, Files.size(pathOf(spare)));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void closeRemovesTheSpares(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    FileLogStorage storage = writerOn(dir);
    storage.allocate();

    storage.close();

    assertEquals(
        List.of(SegmentId.FIRST.fileName(), FileStorageProvider.WRITER_LOCK_FILE), names(dir));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void closingAnUnpublishedSpareDeletesIt(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    SegmentWriter spare = writerOn(dir).allocate();

    spare.close();

    assertFalse(Files.exists(dir.resolve("0.tmp")));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aReaderStartsNoPipeline(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    segmentFile(dir, SegmentId.FIRST, "head");
    FileLogStorage storage = open(dir);
    readAll(storage, SegmentId.FIRST);

    assertThrows(IllegalStateException.class, storage::allocate);
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void publishingTheCreatedLogStartsThePipeline(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    FileLogStorage storage = open(dir);
    createLog(storage, "head");

    SegmentWriter spare = storage.allocate();

    assertEquals(dir.resolve("0.tmp"), pathOf(spare));
  }

  // etcd: TestFilePipelineFailPreallocate
  @ParameterizedTest
  @EnumSource(Fs.class)
  void aFailedPreallocationIsThrownByAllocateAndRetried(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    segmentFile(dir, SegmentId.FIRST, "head");
    FileLogStorage storage = open(dir, Long.MAX_VALUE, Preallocation.DEFAULT);
    storage.lock();
    storage.hold(List.of(SegmentId.FIRST));

    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          assertThrows(IOException.class, storage::allocate);
          assertThrows(IOException.class, storage::allocate);
        });
    assertEquals(
        List.of(SegmentId.FIRST.fileName(), FileStorageProvider.WRITER_LOCK_FILE), names(dir));
  }

  @Test
  void segmentsThatLastManyZeroFillsGetZeroFilledSpares() {
    assertTrue(SegmentPipeline.zeroFillNext(10_000_000_000L, 50_000_000L));
  }

  @Test
  void segmentsThatFillFasterThanAFewZeroFillsGetSparseSpares() {
    assertFalse(SegmentPipeline.zeroFillNext(150_000_000L, 50_000_000L));
  }
}
