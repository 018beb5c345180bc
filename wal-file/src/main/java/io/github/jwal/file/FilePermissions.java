package io.github.jwal.file;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * etcd's modes: segments and backups 0600, directories 0700, because a log holds everything the
 * state machine was told. Filesystems without POSIX permissions (Windows, Jimfs by default) get
 * their defaults.
 */
final class FilePermissions {
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final FileAttribute<?>[] NONE = new FileAttribute<?>[0];

  private FilePermissions() {}

  static FileAttribute<?>[] forFiles(FileSystem fs) {
    return posix(fs) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : NONE;
  }

  static FileAttribute<?>[] forDirectories(FileSystem fs) {
    return posix(fs)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIRECTORY)}
        : NONE;
  }

  /** Sets 0600 on a file that may have existed before with another mode. */
  static void restrictFile(Path file) throws IOException {
    if (posix(file.getFileSystem())) {
      Files.setPosixFilePermissions(file, FILE);
    }
  }

  private static boolean posix(FileSystem fs) {
    return fs.supportedFileAttributeViews().contains("posix");
  }
}
