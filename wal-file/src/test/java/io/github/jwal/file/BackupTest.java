package io.github.jwal.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BackupTest extends StorageTestBase {

  // etcd: TestRepairTruncate (Repair copies the whole file, preallocated zeros included)
  @ParameterizedTest
  @EnumSource(Fs.class)
  void aBackupCopiesTheWholeSegmentNextToIt(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    FileLogStorage storage = open(dir);
    createLog(storage, "head+torn");

    String name = storage.backup(SegmentId.FIRST);

    assertEquals(SegmentId.FIRST.fileName() + ".broken", name);
    byte[] backup = Files.readAllBytes(dir.resolve(name));
    assertEquals(SEGMENT_BYTES, backup.length);
    assertArrayEquals(Files.readAllBytes(dir.resolve(SegmentId.FIRST.fileName())), backup);
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aBackupKeepsAnEarlierOne(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    segmentFile(dir, SegmentId.FIRST, "new");
    Path earlier = dir.resolve(SegmentId.FIRST.fileName() + ".broken");
    Files.writeString(earlier, "an older, longer backup");
    FileLogStorage storage = open(dir);

    String name = storage.backup(SegmentId.FIRST);

    assertEquals(SegmentId.FIRST.fileName() + ".broken.1", name);
    assertEquals("new", Files.readString(dir.resolve(name)));
    assertEquals("an older, longer backup", Files.readString(earlier));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aBackupIsNotASegment(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    segmentFile(dir, SegmentId.FIRST, "head");
    FileLogStorage storage = open(dir);

    storage.backup(SegmentId.FIRST);

    assertEquals(List.of(SegmentId.FIRST), storage.segments());
  }
}
