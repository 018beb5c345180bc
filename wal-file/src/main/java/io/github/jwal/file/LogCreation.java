package io.github.jwal.file;

import io.github.jwal.WalException;
import io.github.jwal.WalExistsException;
import io.github.jwal.WalLockedException;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * etcd's {@code Create} (docs/writing.md, Create): the first segment is staged in the sibling
 * directory {@code <dir>.tmp}, and the log comes into existence by one rename of that directory, so
 * that after a crash it is there whole or not at all.
 */
final class LogCreation {
  private static final DateTimeFormatter BROKEN_SUFFIX =
      DateTimeFormatter.ofPattern("yyyyMMdd.HHmmss.SSSSSS");

  private final Path dir;
  private final Path staging;
  private final FileRegistry registry;
  private final FileAttribute<?>[] fileAttributes;
  private final FileAttribute<?>[] directoryAttributes;

  LogCreation(
      Path dir,
      FileRegistry registry,
      FileAttribute<?>[] fileAttributes,
      FileAttribute<?>[] directoryAttributes) {
    this.dir = dir;
    this.staging = dir.resolveSibling(dir.getFileName() + ".tmp");
    this.registry = registry;
    this.fileAttributes = fileAttributes;
    this.directoryAttributes = directoryAttributes;
  }

  Path staging() {
    return staging;
  }

  /**
   * A log being created: its lock file and its first segment, both locked, in the staging
   * directory.
   */
  record Staged(FileRegistry.Handle writerLock, FileRegistry.Handle segment) {}

  /**
   * Creates the staging directory, its lock file and its first segment, locked and empty. The lock
   * file moves into the log with the rename, so the creator stays the log's writer throughout.
   *
   * @throws WalLockedException if another creator is staging the same log
   */
  Staged stage() throws IOException {
    refuseExistingFiles();
    removeStaleStaging();
    Files.createDirectories(dir.getParent(), directoryAttributes);
    try {
      Files.createDirectory(staging, directoryAttributes);
    } catch (FileAlreadyExistsException e) {
      throw new WalLockedException(
          "the creation of " + dir + " (its staging directory " + staging + ")");
    }
    FileRegistry.Handle writerLock = null;
    try {
      writerLock =
          registry.lock(
              staging.resolve(FileStorageProvider.WRITER_LOCK_FILE), true, fileAttributes);
      return new Staged(
          writerLock,
          registry.lock(staging.resolve(SegmentId.FIRST.fileName()), true, fileAttributes));
    } catch (IOException | RuntimeException e) {
      deleteStaging(e);
      releaseQuietly(writerLock, e);
      throw e;
    }
  }

  /** Gives the staged segment the name it is published under, if not the usual first one. */
  void name(FileRegistry.Handle segment, SegmentId id) throws IOException {
    if (!id.equals(SegmentId.FIRST)) {
      registry.move(segment, staging.resolve(id.fileName()));
    }
  }

  /** Renames the staging directory to the log's; an empty directory there is replaced. */
  void moveIntoPlace() throws IOException {
    refuseExistingFiles();
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(dir);
    }
    registry.moveDirectory(staging, dir);
  }

  /** Gives up a staged creation: its segment, the staging directory, then the lock. */
  void discard(Staged staged) throws IOException {
    try {
      registry.discard(staged.segment());
      FileTrees.delete(staging);
    } finally {
      registry.release(staged.writerLock());
    }
  }

  /** Cleans up after a failed {@link #stage}, adding any failure to {@code cause}. */
  private void deleteStaging(Exception cause) {
    try {
      FileTrees.delete(staging);
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * etcd's {@code cleanupWAL}: a log whose creation may not survive a crash is moved out of the
   * way, kept for inspection, so that a retry starts clean. The caller has released its segment.
   */
  WalException setAsideBroken(IOException cause) {
    Path broken =
        dir.resolveSibling(
            dir.getFileName()
                + ".broken."
                + BROKEN_SUFFIX.format(LocalDateTime.now(ZoneOffset.UTC)));
    WalException failure =
        new WalException(
            "could not make the creation of " + dir + " durable; moved it to " + broken, cause);
    try {
      Files.move(dir, broken);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
    return failure;
  }

  /**
   * A log exists where any {@code .wal} file is (etcd's {@code Exist}, so that a directory polluted
   * with {@code test.wal} counts). etcd removes whatever else is at the target before its rename; a
   * directory that holds anything at all is refused instead: it may be the wrong path, and its
   * files are not ours to delete.
   */
  private void refuseExistingFiles() throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new NotDirectoryException(dir.toString());
    }
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        names.add(entry.getFileName().toString());
      }
    }
    if (names.stream().anyMatch(name -> name.endsWith(".wal"))) {
      throw new WalExistsException(dir.toString());
    }
    if (!names.isEmpty()) {
      names.sort(null);
      throw new WalException(
          "cannot create a write-ahead log in "
              + dir
              + ": it holds other files "
              + names
              + "; it must be empty or absent (etcd would delete them, jwal does not)");
    }
  }

  /**
   * A staging directory left by a crashed create is deleted, as etcd does, unless another creator
   * is staging there right now: its lock file (or, for etcd, its segment) is locked. Both stay
   * locked until the directory is gone, so that no creator can start in it meanwhile.
   */
  private void removeStaleStaging() throws IOException {
    List<FileRegistry.Handle> taken = new ArrayList<>();
    try {
      for (String name :
          List.of(FileStorageProvider.WRITER_LOCK_FILE, SegmentId.FIRST.fileName())) {
        Path stale = staging.resolve(name);
        if (Files.exists(stale, LinkOption.NOFOLLOW_LINKS)) {
          taken.add(registry.lock(stale, false));
        }
      }
      FileTrees.delete(staging);
    } finally {
      for (FileRegistry.Handle handle : taken) {
        registry.release(handle);
      }
    }
  }

  private void releaseQuietly(FileRegistry.Handle handle, Exception cause) {
    if (handle == null) {
      return;
    }
    try {
      registry.release(handle);
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }
}
