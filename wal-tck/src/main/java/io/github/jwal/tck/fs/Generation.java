package io.github.jwal.tck.fs;

import io.github.jwal.faults.CrashImage;
import io.github.jwal.faults.FaultPlan;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One life of the disk, between two crashes: a Jimfs that is the page cache, and the durable image
 * beside it. Files and directories are known by their Jimfs file key, which a rename keeps, so a
 * file's data and its names have separate durability, as on a real file system. Guarded by the
 * disk's lock.
 */
final class Generation {
  final CrashableJimfs disk;
  final FileSystem jimfs;
  final CrashFileSystem fileSystem;
  boolean dead;

  private final Map<Object, CrashImage> files = new HashMap<>();
  private final Set<Object> directories = new HashSet<>();

  /** Per directory key: the entries its last sync made durable. */
  private final Map<Object, Map<String, Object>> durableEntries = new HashMap<>();

  final Set<CrashFileLock> locks = new HashSet<>();

  /** A generation whose whole present content is durable. */
  Generation(CrashableJimfs disk, FileSystem jimfs) throws IOException {
    this.disk = disk;
    this.jimfs = jimfs;
    this.fileSystem = new CrashFileSystem(this);
    makeDurable();
  }

  void checkAlive() throws IOException {
    if (dead) {
      throw new IOException(
          "the simulated disk crashed: this file system is gone; "
              + "use CrashableJimfs.fileSystem() for the one the crash left");
    }
  }

  static Object key(Path jimfsPath) throws IOException {
    return Files.readAttributes(jimfsPath, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .fileKey();
  }

  /** The image of the regular file at {@code jimfsPath}, empty and not durable if it is new. */
  CrashImage image(Object key) {
    return files.computeIfAbsent(key, k -> new CrashImage(new byte[0]));
  }

  /** A sync of a directory: its present entries become durable. */
  void syncDirectory(Object key, Path jimfsDir) throws IOException {
    if (!key.equals(key(jimfsDir))) {
      throw new IOException(jimfsDir + " was replaced since its channel was opened");
    }
    durableEntries.put(key, liveEntries(jimfsDir));
  }

  /** Everything present becomes durable, as after a sync of every file and directory. */
  void makeDurable() throws IOException {
    for (Path root : jimfs.getRootDirectories()) {
      walkDurable(root);
    }
  }

  private void walkDurable(Path dir) throws IOException {
    Object dirKey = key(dir);
    directories.add(dirKey);
    Map<String, Object> entries = liveEntries(dir);
    durableEntries.put(dirKey, entries);
    for (Map.Entry<String, Object> entry : entries.entrySet()) {
      Path child = dir.resolve(entry.getKey());
      if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        walkDurable(child);
      } else if (Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) {
        CrashImage image = files.get(entry.getValue());
        if (image == null) {
          files.put(entry.getValue(), new CrashImage(Files.readAllBytes(child)));
        } else {
          image.sync();
        }
      }
    }
  }

  /** Regular files and directories in {@code dir}, by name; other kinds are not modelled. */
  private static Map<String, Object> liveEntries(Path dir) throws IOException {
    Map<String, Object> entries = new TreeMap<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path child : stream) {
        if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)
            || Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) {
          entries.put(child.getFileName().toString(), key(child));
        }
      }
    }
    return entries;
  }

  /** Whether a write or a directory change is waiting for a sync (for the kit's coverage). */
  boolean hasUnsynced() throws IOException {
    for (CrashImage image : files.values()) {
      if (image.hasPending()) {
        return true;
      }
    }
    for (Path root : jimfs.getRootDirectories()) {
      if (hasUnsyncedEntries(root)) {
        return true;
      }
    }
    return false;
  }

  private boolean hasUnsyncedEntries(Path dir) throws IOException {
    Map<String, Object> live = liveEntries(dir);
    if (!live.equals(durableEntries.get(key(dir)))) {
      return true;
    }
    for (String name : live.keySet()) {
      Path child = dir.resolve(name);
      if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS) && hasUnsyncedEntries(child)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Writes what survives a power loss into the empty Jimfs {@code target}: the directory tree as
   * the plan keeps it, each file with its durable bytes plus what the plan keeps of its pending
   * writes. Random choices are drawn per path, so the order of unrelated files does not matter.
   */
  void crashInto(FileSystem target, FaultPlan plan, long seed) throws IOException {
    Map<Object, Map<String, Object>> liveByDir = new HashMap<>();
    for (Path root : jimfs.getRootDirectories()) {
      collectLive(root, liveByDir);
    }
    Map<Object, byte[]> contents = new HashMap<>();
    for (Path root : jimfs.getRootDirectories()) {
      rebuild(
          key(root),
          root.toString(),
          target.getPath(root.toString()),
          plan,
          seed,
          liveByDir,
          contents);
    }
  }

  private void collectLive(Path dir, Map<Object, Map<String, Object>> liveByDir)
      throws IOException {
    Map<String, Object> entries = liveEntries(dir);
    liveByDir.put(key(dir), entries);
    for (String name : entries.keySet()) {
      Path child = dir.resolve(name);
      if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        collectLive(child, liveByDir);
      }
    }
  }

  private void rebuild(
      Object dirKey,
      String path,
      Path target,
      FaultPlan plan,
      long seed,
      Map<Object, Map<String, Object>> liveByDir,
      Map<Object, byte[]> contents)
      throws IOException {
    Map<String, Object> durable = durableEntries.getOrDefault(dirKey, Map.of());
    Map<String, Object> live = liveByDir.getOrDefault(dirKey, Map.of());
    boolean keepChanges =
        switch (plan.directories()) {
          case DROP_UNSYNCED -> false;
          case KEEP_UNSYNCED -> true;
          case ANY_PER_DIRECTORY -> random(seed, "dir:" + path).nextBoolean();
        };
    Map<String, Object> entries = keepChanges ? live : durable;
    for (Map.Entry<String, Object> entry : entries.entrySet()) {
      Object key = entry.getValue();
      String childPath = path.endsWith("/") ? path + entry.getKey() : path + "/" + entry.getKey();
      Path child = target.resolve(entry.getKey());
      if (directories.contains(key)) {
        if (!Files.isDirectory(child)) {
          Files.createDirectory(child);
        }
        rebuild(key, childPath, child, plan, seed, liveByDir, contents);
      } else if (files.containsKey(key)) {
        byte[] bytes = contents.get(key);
        if (bytes == null) {
          bytes = files.get(key).afterCrash(plan, random(seed, "file:" + childPath));
          contents.put(key, bytes);
        }
        Files.write(child, bytes);
      }
    }
  }

  void directoryCreated(Object key) {
    directories.add(key);
  }

  private static SplittableRandom random(long seed, String name) {
    return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * name.hashCode()));
  }
}
