package io.github.jwal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * etcd's modes (docs/format.md, Directory layout and segment names): they only exist where the
 * filesystem has POSIX permissions.
 */
class PermissionsTest extends StorageTestBase {

  @BeforeAll
  static void onPosix() {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  // etcd: TestCreateNewWALFile (0600)
  @Test
  void theCreatedLogIsPrivate() throws IOException {
    Path dir = tempDir.resolve("wal");

    createLog(open(dir), "head");

    assertEquals("rwx------", mode(dir));
    assertEquals("rw-------", mode(dir.resolve(SegmentId.FIRST.fileName())));
  }

  @Test
  void theSpareAndTheSegmentItBecomesArePrivate() throws IOException {
    Path dir = tempDir.resolve("wal");
    FileLogStorage storage = open(dir);
    createLog(storage, "head");

    var spare = storage.allocate();
    String spareMode = mode(((FileSegmentWriter) spare).file().path());
    spare.publish(id(1, 1));

    assertEquals("rw-------", spareMode);
    assertEquals("rw-------", mode(dir.resolve(id(1, 1).fileName())));
  }

  // etcd: TestRepairTruncate (the .broken file is 0600 from 3.6)
  @Test
  void aBackupIsPrivateWhateverTheEarlierBackupsMode() throws IOException {
    Path dir = tempDir.resolve("wal");
    segmentFile(dir, SegmentId.FIRST, "head");
    Path old = Files.writeString(dir.resolve(SegmentId.FIRST.fileName() + ".broken"), "old");
    Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));
    FileLogStorage storage = open(dir);
    storage.lock();
    storage.hold(List.of(SegmentId.FIRST));

    String name = storage.backup(SegmentId.FIRST);

    assertEquals("rw-------", mode(dir.resolve(name)));
  }
}
