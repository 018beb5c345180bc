package io.github.jwal.tck.fs;

import io.github.jwal.faults.CrashImage;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Passes every operation to Jimfs under the disk's lock, after checking that the disk did not crash
 * since; file channels are wrapped to record writes and syncs, and a directory opened for reading
 * gives a channel whose {@code force} syncs the directory.
 */
final class CrashFileSystemProvider extends FileSystemProvider {
  private final CrashFileSystem fs;
  private final Generation generation;

  CrashFileSystemProvider(CrashFileSystem fs) {
    this.fs = fs;
    this.generation = fs.generation;
  }

  private Object mutex() {
    return generation.disk.lock;
  }

  private Path jimfs(Path path) {
    if (path.getFileSystem() != fs) {
      throw new java.nio.file.ProviderMismatchException(
          "a path of another life of the disk, or of another file system: " + path);
    }
    return CrashPath.unwrap(path);
  }

  @Override
  public String getScheme() {
    return "jwal-crash";
  }

  @Override
  public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
    throw new UnsupportedOperationException("create file systems with CrashableJimfs.create()");
  }

  @Override
  public FileSystem getFileSystem(URI uri) {
    throw new UnsupportedOperationException("use CrashableJimfs.fileSystem()");
  }

  @Override
  public Path getPath(URI uri) {
    throw new UnsupportedOperationException("use CrashableJimfs.fileSystem().getPath(...)");
  }

  @Override
  public SeekableByteChannel newByteChannel(
      Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
    return newFileChannel(path, options, attrs);
  }

  @Override
  public FileChannel newFileChannel(
      Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
    Path target = jimfs(path);
    synchronized (mutex()) {
      generation.checkAlive();
      boolean readOnly = options.stream().allMatch(StandardOpenOption.READ::equals);
      if (readOnly && Files.isDirectory(target)) {
        return new DirectoryChannel(generation, target, Generation.key(target));
      }
      boolean existed = Files.exists(target);
      long sizeBefore = existed && Files.isRegularFile(target) ? Files.size(target) : 0;
      FileChannel channel =
          target.getFileSystem().provider().newFileChannel(target, options, attrs);
      try {
        Object key = Generation.key(target);
        CrashImage image = generation.image(key);
        boolean truncates =
            options.contains(StandardOpenOption.TRUNCATE_EXISTING)
                && options.contains(StandardOpenOption.WRITE);
        if (existed && truncates && sizeBefore > 0) {
          image.truncate(0);
        }
        return new CrashFileChannel(
            generation, channel, image, target, options.contains(StandardOpenOption.APPEND));
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    }
  }

  // StreamResourceLeak: Jimfs's stream is closed by the one returned, which the caller closes.
  @SuppressWarnings("StreamResourceLeak")
  @Override
  public DirectoryStream<Path> newDirectoryStream(
      Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
    Path target = jimfs(dir);
    synchronized (mutex()) {
      generation.checkAlive();
      DirectoryStream<Path> stream =
          Files.newDirectoryStream(target, entry -> filter.accept(fs.wrap(entry)));
      return new DirectoryStream<>() {
        @Override
        public Iterator<Path> iterator() {
          Iterator<Path> entries = stream.iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return entries.hasNext();
            }

            @Override
            public Path next() {
              return fs.wrap(entries.next());
            }
          };
        }

        @Override
        public void close() throws IOException {
          stream.close();
        }
      };
    }
  }

  @Override
  public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
    Path target = jimfs(dir);
    synchronized (mutex()) {
      generation.checkAlive();
      Files.createDirectory(target, attrs);
      generation.directoryCreated(Generation.key(target));
    }
  }

  @Override
  public void delete(Path path) throws IOException {
    Path target = jimfs(path);
    synchronized (mutex()) {
      generation.checkAlive();
      Files.delete(target);
    }
  }

  /** Copies through this layer's channels, so that the copy's bytes have to be synced too. */
  @Override
  public void copy(Path source, Path target, CopyOption... options) throws IOException {
    Set<CopyOption> copyOptions = new HashSet<>(List.of(options));
    synchronized (mutex()) {
      generation.checkAlive();
      if (Files.exists(jimfs(target))
          && !copyOptions.contains(StandardCopyOption.REPLACE_EXISTING)) {
        throw new FileAlreadyExistsException(target.toString());
      }
      try (FileChannel in = newFileChannel(source, Set.of(StandardOpenOption.READ));
          FileChannel out =
              newFileChannel(
                  target,
                  Set.of(
                      StandardOpenOption.WRITE,
                      StandardOpenOption.CREATE,
                      StandardOpenOption.TRUNCATE_EXISTING))) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (in.read(buffer) >= 0) {
          buffer.flip();
          while (buffer.hasRemaining()) {
            out.write(buffer);
          }
          buffer.clear();
        }
      }
    }
  }

  @Override
  public void move(Path source, Path target, CopyOption... options) throws IOException {
    Path from = jimfs(source);
    Path to = jimfs(target);
    synchronized (mutex()) {
      generation.checkAlive();
      Files.move(from, to, options);
    }
  }

  @Override
  public boolean isSameFile(Path path, Path path2) throws IOException {
    synchronized (mutex()) {
      generation.checkAlive();
      return Files.isSameFile(jimfs(path), jimfs(path2));
    }
  }

  @Override
  public boolean isHidden(Path path) throws IOException {
    return Files.isHidden(jimfs(path));
  }

  @Override
  public FileStore getFileStore(Path path) throws IOException {
    synchronized (mutex()) {
      generation.checkAlive();
      return new CrashFileStore(generation, Files.getFileStore(jimfs(path)));
    }
  }

  @Override
  public void checkAccess(Path path, AccessMode... modes) throws IOException {
    Path target = jimfs(path);
    synchronized (mutex()) {
      generation.checkAlive();
      target.getFileSystem().provider().checkAccess(target, modes);
    }
  }

  @Override
  public <V extends FileAttributeView> V getFileAttributeView(
      Path path, Class<V> type, LinkOption... options) {
    return Files.getFileAttributeView(jimfs(path), type, options);
  }

  @Override
  public <A extends BasicFileAttributes> A readAttributes(
      Path path, Class<A> type, LinkOption... options) throws IOException {
    Path target = jimfs(path);
    synchronized (mutex()) {
      generation.checkAlive();
      return Files.readAttributes(target, type, options);
    }
  }

  @Override
  public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
      throws IOException {
    Path target = jimfs(path);
    synchronized (mutex()) {
      generation.checkAlive();
      return Files.readAttributes(target, attributes, options);
    }
  }

  @Override
  public void setAttribute(Path path, String attribute, Object value, LinkOption... options)
      throws IOException {
    Path target = jimfs(path);
    synchronized (mutex()) {
      generation.checkAlive();
      Files.setAttribute(target, attribute, value, options);
    }
  }
}
