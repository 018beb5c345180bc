package io.github.jwal.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentReader;
import io.github.jwal.spi.StorageOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LayoutTest extends StorageTestBase {

  // etcd: TestReadDir (sorted names), TestScanWalName (non-segment names skipped)
  @ParameterizedTest
  @EnumSource(Fs.class)
  void segmentsAreTheCanonicalNamesInSequenceOrder(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    segmentFile(dir, id(0x10, 7), "c");
    segmentFile(dir, id(2, 5), "b");
    segmentFile(dir, id(1, 1), "a");
    for (String other :
        List.of(
            "0.tmp",
            "1.tmp",
            "0000000000000001-0000000000000001.wal.broken",
            "0-0.wal",
            "notes.txt")) {
      Files.writeString(dir.resolve(other), "x");
    }

    assertEquals(List.of(id(1, 1), id(2, 5), id(0x10, 7)), open(dir).segments());
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aMissingDirectoryHoldsNoLog(Fs fs) throws IOException {
    FileLogStorage storage = open(root(fs).resolve("absent"));

    assertEquals(List.of(), storage.segments());
    assertFalse(storage.exists());
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aDirectoryWithASegmentHoldsALog(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    segmentFile(dir, SegmentId.FIRST, "x");

    assertTrue(open(dir).exists());
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void openingARegularFileFailsNamingIt(Fs fs) throws IOException {
    Path file = Files.writeString(root(fs).resolve("wal"), "not a directory");

    NotDirectoryException e =
        assertThrows(
            NotDirectoryException.class,
            () -> new FileStorageProvider().open(file, new StorageOptions(SEGMENT_BYTES, false)));
    assertEquals(file.toString(), e.getFile());
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void listingADirectoryThatBecameAFileFailsNamingIt(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    FileLogStorage storage = open(dir);
    Files.writeString(dir, "not a directory");

    NotDirectoryException e = assertThrows(NotDirectoryException.class, storage::segments);
    assertEquals(dir.toString(), e.getFile());
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aFilesystemRootCannotBeALog(Fs fs) throws IOException {
    Path root = root(fs).getRoot();

    assertThrows(
        IllegalArgumentException.class,
        () -> new FileStorageProvider().open(root, new StorageOptions(SEGMENT_BYTES, false)));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void readingAMissingSegmentFailsNamingIt(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    segmentFile(dir, SegmentId.FIRST, "x");

    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> open(dir).openReader(id(1, 1)));
    assertEquals(dir.resolve(id(1, 1).fileName()).toString(), e.getFile());
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aReaderReadsTheWholeSegmentThenEnds(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    String content = "0123456789".repeat(500);
    segmentFile(dir, SegmentId.FIRST, content);

    assertArrayEquals(
        content.getBytes(StandardCharsets.UTF_8), readAll(open(dir), SegmentId.FIRST));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aReadersSizeIsFixedWhenItOpens(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    Path file = segmentFile(dir, SegmentId.FIRST, "abc");
    try (SegmentReader reader = open(dir).openReader(SegmentId.FIRST)) {
      Files.writeString(file, "abcdef");

      byte[] buffer = new byte[10];
      assertEquals(3, reader.size());
      assertEquals(3, reader.read(buffer, 0, 10));
      assertEquals(-1, reader.read(buffer, 0, 10));
    }
  }
}
