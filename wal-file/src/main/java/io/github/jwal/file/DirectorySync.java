package io.github.jwal.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.WeakHashMap;

/** Makes a directory's entries (creates, renames, deletes) durable. */
@FunctionalInterface
interface DirectorySync {
  void sync(Path dir) throws IOException;

  /**
   * Syncs through a channel on the directory, the way that works on Linux and macOS. Windows and
   * in-memory filesystems cannot open a directory as a channel; that is found out once per
   * filesystem, after which their directories are not synced, there being no other way from Java
   * (Jimfs has nothing to make durable anyway). Once a filesystem has opened a directory, every
   * later failure, to open or to force, is reported: it may be the disk losing the directory's
   * update.
   */
  static DirectorySync probing() {
    return Probing.SHARED;
  }

  final class Probing implements DirectorySync {
    private static final Probing SHARED = new Probing();

    private final Map<FileSystem, Boolean> canOpenDirectories = new WeakHashMap<>();

    @Override
    public void sync(Path dir) throws IOException {
      FileSystem fs = dir.getFileSystem();
      Boolean known = known(fs);
      if (Boolean.FALSE.equals(known)) {
        return;
      }
      FileChannel channel;
      try {
        channel = FileChannel.open(dir, StandardOpenOption.READ);
      } catch (NoSuchFileException e) {
        throw e;
      } catch (IOException | UnsupportedOperationException e) {
        if (known == null) {
          learn(fs, false);
          return;
        }
        throw e;
      }
      try (channel) {
        learn(fs, true);
        channel.force(true);
      }
    }

    private synchronized Boolean known(FileSystem fs) {
      return canOpenDirectories.get(fs);
    }

    private synchronized void learn(FileSystem fs, boolean canOpen) {
      canOpenDirectories.putIfAbsent(fs, canOpen);
    }
  }
}
