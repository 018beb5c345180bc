package io.github.jwal.cli;

import io.github.jwal.file.FileStorageProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything a command could change in a WAL directory: each file's bytes and modification time,
 * and the names in the directory beside it (where a creation would stage a sibling).
 */
record DirectoryState(Map<String, String> files, Map<String, String> siblings) {
  static DirectoryState of(Path dir) throws IOException {
    return new DirectoryState(describe(dir, true), describe(dir.getParent(), false));
  }

  private static Map<String, String> describe(Path dir, boolean contents) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        if (file.getFileName().toString().equals(FileStorageProvider.WRITER_LOCK_FILE)) {
          continue; // a writer's lock file holds no data and stays once a writer has been there
        }
        String value =
            !contents || Files.isDirectory(file)
                ? ""
                : Files.getLastModifiedTime(file)
                    + " "
                    + Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        out.put(file.getFileName().toString(), value);
      }
    }
    return out;
  }
}
