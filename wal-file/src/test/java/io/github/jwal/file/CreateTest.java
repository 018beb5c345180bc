package io.github.jwal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.WalClosedException;
import io.github.jwal.WalException;
import io.github.jwal.WalExistsException;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentWriter;
import io.github.jwal.spi.StorageOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CreateTest extends StorageTestBase {

  @ParameterizedTest
  @EnumSource(Fs.class)
  void createStagesTheFirstSegmentInTheSiblingTmpDirectory(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    FileLogStorage storage = open(dir);

    SegmentWriter writer = storage.create();

    Path staged = dir.resolveSibling("wal.tmp").resolve(SegmentId.FIRST.fileName());
    assertEquals(SEGMENT_BYTES, Files.size(staged));
    assertNull(writer.id());
    assertFalse(Files.exists(dir));
    assertFalse(storage.exists());
  }

  // etcd: TestNew (the log appears as 0000000000000000-0000000000000000.wal)
  @ParameterizedTest
  @EnumSource(Fs.class)
  void publishingTheCreatedSegmentMakesTheLogAppear(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    FileLogStorage storage = open(dir);

    SegmentWriter writer = createLog(storage, "head");

    assertEquals(SegmentId.FIRST, writer.id());
    assertEquals(List.of(SegmentId.FIRST), storage.segments());
    assertEquals(List.of("wal"), names(dir.getParent()));
    assertEquals("head", text(readAll(storage, SegmentId.FIRST)));
  }

  // etcd: after Create, its tail's file name still points into the removed <dir>.tmp (its tests
  // rebuild the path); here the created writer keeps appending under the final name
  @ParameterizedTest
  @EnumSource(Fs.class)
  void theCreatedWriterKeepsAppendingUnderTheFinalName(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    FileLogStorage storage = open(dir);
    SegmentWriter writer = createLog(storage, "head");

    write(writer, "+entry");
    writer.sync();

    assertEquals("head+entry", text(Files.readAllBytes(dir.resolve(SegmentId.FIRST.fileName()))));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void publishingUnderAnotherIdNamesTheFirstSegmentSo(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    FileLogStorage storage = open(dir);

    storage.create().publish(id(0, 5));

    assertEquals(List.of(id(0, 5)), storage.segments());
  }

  // etcd: TestCreateFailFromPollutedDir
  @ParameterizedTest
  @EnumSource(Fs.class)
  void createRefusesADirectoryWithAnyWalFile(Fs fs) throws IOException {
    Path dir = Files.createDirectories(root(fs).resolve("wal"));
    Files.writeString(dir.resolve("test.wal"), "data");

    assertThrows(WalExistsException.class, () -> open(dir).create());
  }

  // etcd: TestNewForInitedDir
  @ParameterizedTest
  @EnumSource(Fs.class)
  void createRefusesAnExistingLog(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    segmentFile(dir, SegmentId.FIRST, "");

    assertThrows(WalExistsException.class, () -> open(dir).create());
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void createRefusesADirectoryWithOtherFilesAndKeepsThem(Fs fs) throws IOException {
    Path dir = Files.createDirectories(root(fs).resolve("wal"));
    Files.writeString(dir.resolve("notes.txt"), "mine");

    WalException e = assertThrows(WalException.class, () -> open(dir).create());

    assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
    assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void publishRefusesATargetThatGainedFilesSinceCreate(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    SegmentWriter writer = open(dir).create();
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("notes.txt"), "mine");

    assertThrows(WalException.class, () -> writer.publish(SegmentId.FIRST));
    assertEquals(List.of("notes.txt"), names(dir));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void createReplacesAnEmptyDirectory(Fs fs) throws IOException {
    Path dir = Files.createDirectories(root(fs).resolve("wal"));
    FileLogStorage storage = open(dir);

    createLog(storage, "head");

    assertEquals(List.of(SegmentId.FIRST), storage.segments());
  }

  // etcd: TestRestartCreateWal
  @ParameterizedTest
  @EnumSource(Fs.class)
  void createRemovesAStaleStagingDirectory(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    Path staging = Files.createDirectories(dir.resolveSibling("wal.tmp"));
    Files.writeString(staging.resolve("test"), "stale");
    Files.writeString(staging.resolve(SegmentId.FIRST.fileName()), "stale segment");
    FileLogStorage storage = open(dir);

    createLog(storage, "abc");

    assertEquals(List.of("wal"), names(dir.getParent()));
    assertFalse(names(dir).contains("test"));
    assertEquals(List.of(SegmentId.FIRST), storage.segments());
    assertEquals("abc", text(readAll(storage, SegmentId.FIRST)));
  }

  // etcd: TestCreateFailFromNoSpaceLeft
  @ParameterizedTest
  @EnumSource(Fs.class)
  void createFailsWhenTheSegmentCannotBePreallocated(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    FileLogStorage storage = open(dir, Long.MAX_VALUE, Preallocation.DEFAULT);

    IOException e = assertThrows(IOException.class, storage::create);

    assertTrue(e.getMessage().contains("preallocate"), e.getMessage());
    assertEquals(List.of(), names(dir.getParent()));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void closingAnUnpublishedCreateRemovesTheStagingDirectory(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    FileLogStorage storage = open(dir);
    SegmentWriter writer = storage.create();

    writer.close();

    assertEquals(List.of(), names(dir.getParent()));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void closingTheStorageRemovesAnUnpublishedCreate(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    FileLogStorage storage = open(dir);
    storage.create();

    storage.close();

    assertEquals(List.of(), names(dir.getParent()));
  }

  // etcd: TestWalCleanup
  @ParameterizedTest
  @EnumSource(Fs.class)
  void aFailedParentSyncSetsTheNewLogAsideAsBroken(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    Path parent = dir.getParent();
    FileLogStorage storage =
        open(
            dir,
            directory -> {
              if (directory.equals(parent)) {
                throw new IOException("injected fsync failure");
              }
            });
    SegmentWriter writer = storage.create();

    WalException e = assertThrows(WalException.class, () -> writer.publish(SegmentId.FIRST));

    assertEquals("injected fsync failure", e.getCause().getMessage());
    List<String> left = names(parent);
    assertEquals(1, left.size(), left::toString);
    assertTrue(left.get(0).matches("wal\\.broken\\.\\d{8}\\.\\d{6}\\.\\d{6}"), left::toString);
    assertEquals(
        List.of(SegmentId.FIRST.fileName(), FileStorageProvider.WRITER_LOCK_FILE),
        names(parent.resolve(left.get(0))));
    WalClosedException poisoned = assertThrows(WalClosedException.class, storage::create);
    assertTrue(poisoned.isPoisoned());
  }

  // Issues 11 and 16: unsafeNoSync skips the syncs of data, not of names, as etcd's unsafe
  // no-fsync keeps its renames and directory syncs (kit rule R13).
  @ParameterizedTest
  @EnumSource(Fs.class)
  void unsafeNoSyncKeepsTheDirectorySyncs(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    List<Path> synced = new ArrayList<>();
    FileLogStorage storage = open(dir, new StorageOptions(SEGMENT_BYTES, true), synced::add);

    createLog(storage, "head").sync();
    storage.allocate().publish(id(1, 1));

    assertEquals(List.of(dir.resolveSibling("wal.tmp"), dir.getParent(), dir), synced);
    assertEquals(List.of(SegmentId.FIRST, id(1, 1)), storage.segments());
  }
}
