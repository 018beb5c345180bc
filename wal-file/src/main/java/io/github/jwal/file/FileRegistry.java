package io.github.jwal.file;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import io.github.jwal.WalCorruptException;
import io.github.jwal.WalLockedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every channel this process has open on a segment file, so that no channel is ever closed while
 * another one holds the file's lock.
 *
 * <p>Why: {@code FileChannel.tryLock} takes a POSIX record lock, which belongs to the process, and
 * closing <em>any</em> descriptor of the file drops it, silently. A reader that opened and closed
 * its own channel on a segment that a writer in this JVM holds would hand the segment to etcd's
 * purge. So a reader of a locked segment shares the writer's channel, a channel that was open
 * before the lock was taken stays open until the lock is given up, and a second writer in this JVM
 * is turned away here (the JVM would throw {@code OverlappingFileLockException}, and another
 * process would not see the two writers at all).
 *
 * <p>Files are known by their directory's real path plus their name, so that two spellings of one
 * directory (relative, through a symbolic link) meet here.
 */
final class FileRegistry {
  static final FileRegistry PROCESS = new FileRegistry();

  private final Map<Key, Node> nodes = new HashMap<>();

  /**
   * Channels whose lock attempt met a lock this JVM holds under another name (a hard link): closing
   * them would drop that lock, so they stay open for the life of the process.
   */
  private final List<FileChannel> neverClosed = new ArrayList<>();

  private record Key(FileSystem fs, Path path) {}

  private static final class Node {
    Handle locked;
    final List<Handle> others = new ArrayList<>();

    boolean isEmpty() {
      return locked == null && others.isEmpty();
    }
  }

  /** An open channel on one file, shared by its users: the writer holding its lock, readers. */
  static final class Handle {
    private final FileChannel channel;
    private FileLock lock;
    private Key key;
    private volatile Path path;
    private int users = 1;

    private Handle(FileChannel channel, FileLock lock, Key key, Path path) {
      this.channel = channel;
      this.lock = lock;
      this.key = key;
      this.path = path;
    }

    FileChannel channel() {
      return channel;
    }

    /** Where the file is now: a staged file moves when it is published. */
    Path path() {
      return path;
    }
  }

  /**
   * Opens {@code file} for reading and writing and takes its lock.
   *
   * @throws WalLockedException naming the file if this or another process holds it
   */
  synchronized Handle lock(Path file, boolean create, FileAttribute<?>... attributes)
      throws IOException {
    forgetClosedFileSystems();
    Key key = keyOf(file);
    Node node = nodes.computeIfAbsent(key, k -> new Node());
    try {
      if (node.locked != null) {
        throw new WalLockedException(file.toString());
      }
      requireRegularFile(file, create);
      FileChannel channel =
          create
              ? FileChannel.open(file, Set.of(READ, WRITE, CREATE), attributes)
              : FileChannel.open(file, READ, WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        neverClosed.add(channel);
        throw new WalLockedException(file.toString());
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
      if (lock == null) {
        channel.close();
        throw new WalLockedException(file.toString());
      }
      node.locked = new Handle(channel, lock, key, file);
      return node.locked;
    } finally {
      if (node.isEmpty()) {
        nodes.remove(key);
      }
    }
  }

  /**
   * Opens {@code file} for reading, through the writer's channel if this process holds its lock.
   */
  synchronized Handle openRead(Path file) throws IOException {
    Key key = keyOf(file);
    Node node = nodes.get(key);
    if (node != null && node.locked != null) {
      node.locked.users++;
      return node.locked;
    }
    requireRegularFile(file, false);
    Handle reader = new Handle(FileChannel.open(file, READ), null, key, file);
    nodes.computeIfAbsent(key, k -> new Node()).others.add(reader);
    return reader;
  }

  /** A reader is done with {@code handle}. */
  synchronized void closeRead(Handle handle) throws IOException {
    handle.users--;
    closeIdle(handle.key);
  }

  /** Gives up the lock; readers still sharing the channel keep reading. Idempotent. */
  synchronized void release(Handle handle) throws IOException {
    Node node = nodes.get(handle.key);
    if (node == null || node.locked != handle) {
      return;
    }
    node.locked = null;
    node.others.add(handle);
    handle.users--;
    if (handle.users > 0 && handle.channel.isOpen()) {
      handle.lock.release();
    }
    handle.lock = null;
    closeIdle(handle.key);
  }

  /** Deletes a locked file, then gives up its lock, so that no other writer can take it between. */
  synchronized void discard(Handle handle) throws IOException {
    try {
      Files.deleteIfExists(handle.path);
    } finally {
      release(handle);
    }
  }

  /** Renames a locked file; its lock and channel go with it. */
  synchronized void move(Handle handle, Path target) throws IOException {
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    Key from = handle.key;
    Files.move(handle.path, target, StandardCopyOption.ATOMIC_MOVE);
    rekey(from, keyOf(target), target);
  }

  /** Renames a directory; the locks and channels on files in it go with it. */
  synchronized void moveDirectory(Path source, Path target) throws IOException {
    Path from = source.toRealPath();
    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    Path to = target.toRealPath();
    for (Key key : new ArrayList<>(nodes.keySet())) {
      if (key.fs() == source.getFileSystem() && key.path().startsWith(from)) {
        Path relative = from.relativize(key.path());
        rekey(key, new Key(key.fs(), to.resolve(relative)), target.resolve(relative));
      }
    }
  }

  private void rekey(Key from, Key to, Path path) {
    Node moving = nodes.remove(from);
    if (moving == null) {
      return;
    }
    Node there = nodes.get(to);
    if (there != null) {
      // Left-over readers of a file that used to have this name: another inode, so closing them
      // later cannot touch the moving lock.
      moving.others.addAll(there.others);
    }
    nodes.put(to, moving);
    List<Handle> handles = new ArrayList<>(moving.others);
    if (moving.locked != null) {
      handles.add(moving.locked);
    }
    for (Handle h : handles) {
      h.key = to;
      h.path = path;
    }
  }

  private void closeIdle(Key key) throws IOException {
    Node node = nodes.get(key);
    if (node == null || node.locked != null) {
      return;
    }
    IOException failure = null;
    for (Iterator<Handle> it = node.others.iterator(); it.hasNext(); ) {
      Handle h = it.next();
      if (h.users == 0) {
        it.remove();
        try {
          h.channel.close();
        } catch (IOException e) {
          failure = e;
        }
      }
    }
    if (node.isEmpty()) {
      nodes.remove(key);
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Refuses a path that is there but is not a regular file (following symbolic links): opening a
   * FIFO blocks until another process opens its other end, and a device reads forever. A log holds
   * only regular files, so such a file where a segment or a lock file belongs is damage.
   */
  private static void requireRegularFile(Path file, boolean mayBeAbsent) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      if (mayBeAbsent) {
        return;
      }
      throw e;
    }
    if (!attributes.isRegularFile()) {
      String kind = attributes.isDirectory() ? "a directory" : "a FIFO, a device or a socket";
      throw new WalCorruptException(
          String.valueOf(file.getFileName()),
          0,
          "not a regular file but " + kind + " (" + file + "): a log holds only regular files");
    }
  }

  /**
   * Forgets the files of file systems that were closed: their channels are gone with them, and a
   * storage that died with its file system (a simulated crash) never gives its handles back.
   */
  private void forgetClosedFileSystems() {
    nodes.keySet().removeIf(key -> !key.fs().isOpen());
  }

  private static Key keyOf(Path file) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path name = absolute.getFileName();
    Path parent = absolute.getParent();
    if (name == null || parent == null) {
      throw new IllegalArgumentException("not a file in a directory: " + file);
    }
    return new Key(file.getFileSystem(), parent.toRealPath().resolve(name.toString()));
  }
}
