package io.github.jwal.file;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PreallocatorTest extends StorageTestBase {
  private static final int SIZE = 3 * (1 << 20) + 123;

  private void preallocate(Path file, Preallocation strategy, long size) throws IOException {
    try (FileChannel channel = FileChannel.open(file, READ, WRITE, CREATE)) {
      new Preallocator(strategy).preallocate(channel, file, size, () -> false);
    }
  }

  // etcd: TestPreallocateExtend, TestPreallocateExtendTrunc
  @ParameterizedTest
  @EnumSource(
      value = Preallocation.class,
      names = {"ZERO", "SPARSE"})
  void preallocationExtendsTheFileWithZerosAfterItsBytes(Preallocation strategy)
      throws IOException {
    Path file = Files.writeString(tempDir.resolve("segment"), "head");

    preallocate(file, strategy, SIZE);

    byte[] expected = new byte[SIZE];
    System.arraycopy("head".getBytes(StandardCharsets.UTF_8), 0, expected, 0, 4);
    assertArrayEquals(expected, Files.readAllBytes(file));
  }

  @Test
  void noPreallocationLeavesTheFileAlone() throws IOException {
    Path file = Files.writeString(tempDir.resolve("segment"), "head");

    preallocate(file, Preallocation.NONE, SIZE);

    assertEquals(4, Files.size(file));
  }

  // etcd: preallocExtendTrunc would shrink a larger file; this never does
  // (docs/etcd-differences.md, Spare segments and preallocation)
  @ParameterizedTest
  @EnumSource(Preallocation.class)
  void preallocationNeverShrinksAFile(Preallocation strategy) throws IOException {
    Path file = Files.writeString(tempDir.resolve("segment"), "0123456789");

    preallocate(file, strategy, 4);

    assertEquals("0123456789", Files.readString(file));
  }

  // etcd: TestCreateFailFromNoSpaceLeft (fallocate gives ENOSPC)
  @ParameterizedTest
  @EnumSource(
      value = Preallocation.class,
      names = {"ZERO", "SPARSE"})
  void preallocationBeyondTheUsableSpaceFailsAtOnceNamingTheFile(Preallocation strategy)
      throws IOException {
    Path file = tempDir.resolve("segment");

    FileSystemException e =
        assertThrows(FileSystemException.class, () -> preallocate(file, strategy, Long.MAX_VALUE));

    assertEquals(file.toString(), e.getFile());
    assertEquals(0, Files.size(file));
  }

  @Test
  void zeroFillingStopsWhenCancelled() throws IOException {
    Path file = tempDir.resolve("segment");
    try (FileChannel channel = FileChannel.open(file, READ, WRITE, CREATE)) {
      assertThrows(
          InterruptedIOException.class,
          () -> new Preallocator(Preallocation.ZERO).preallocate(channel, file, SIZE, () -> true));
    }
  }

  @Test
  void zeroFillingFallsBackToSparseOffTheDefaultFilesystem() throws IOException {
    try (FileSystem jimfs = Jimfs.newFileSystem(Configuration.unix())) {
      assertEquals(
          Preallocation.SPARSE, Preallocator.forFileSystem(Preallocation.ZERO, jimfs).strategy());
    }
    assertEquals(
        Preallocation.ZERO,
        Preallocator.forFileSystem(Preallocation.ZERO, FileSystems.getDefault()).strategy());
  }
}
