package io.github.jwal.file;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DirectorySyncTest extends StorageTestBase {

  @ParameterizedTest
  @EnumSource(Fs.class)
  void syncingADirectoryWorksOrIsSkippedCleanly(Fs fs) throws IOException {
    Path dir = Files.createDirectories(root(fs).resolve("wal"));

    DirectorySync.probing().sync(dir);
    DirectorySync.probing().sync(dir);
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void syncingAMissingDirectoryFailsNamingIt(Fs fs) throws IOException {
    Path dir = root(fs).resolve("absent");

    assertThrows(NoSuchFileException.class, () -> DirectorySync.probing().sync(dir));
  }
}
