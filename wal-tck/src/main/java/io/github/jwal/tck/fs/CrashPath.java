package io.github.jwal.tck.fs;

import java.io.IOException;
import java.net.URI;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/**
 * A Jimfs path that belongs to the crash layer's file system, so that every operation passes it.
 */
final class CrashPath implements Path {
  private final CrashFileSystem fs;
  final Path delegate;

  CrashPath(CrashFileSystem fs, Path delegate) {
    this.fs = fs;
    this.delegate = delegate;
  }

  static Path unwrap(Path path) {
    if (path instanceof CrashPath crash) {
      return crash.delegate;
    }
    throw new ProviderMismatchException("not a path of the crash layer: " + path);
  }

  private Path wrap(Path jimfsPath) {
    return jimfsPath == null ? null : fs.wrap(jimfsPath);
  }

  @Override
  public CrashFileSystem getFileSystem() {
    return fs;
  }

  @Override
  public boolean isAbsolute() {
    return delegate.isAbsolute();
  }

  @Override
  public Path getRoot() {
    return wrap(delegate.getRoot());
  }

  @Override
  public Path getFileName() {
    return wrap(delegate.getFileName());
  }

  @Override
  public Path getParent() {
    return wrap(delegate.getParent());
  }

  @Override
  public int getNameCount() {
    return delegate.getNameCount();
  }

  @Override
  public Path getName(int index) {
    return wrap(delegate.getName(index));
  }

  @Override
  public Path subpath(int beginIndex, int endIndex) {
    return wrap(delegate.subpath(beginIndex, endIndex));
  }

  @Override
  public boolean startsWith(Path other) {
    return other instanceof CrashPath crash
        && crash.fs == fs
        && delegate.startsWith(crash.delegate);
  }

  @Override
  public boolean endsWith(Path other) {
    return other instanceof CrashPath crash && crash.fs == fs && delegate.endsWith(crash.delegate);
  }

  @Override
  public Path normalize() {
    return wrap(delegate.normalize());
  }

  @Override
  public Path resolve(Path other) {
    return wrap(delegate.resolve(unwrap(other)));
  }

  @Override
  public Path relativize(Path other) {
    return wrap(delegate.relativize(unwrap(other)));
  }

  @Override
  public URI toUri() {
    return delegate.toUri();
  }

  @Override
  public Path toAbsolutePath() {
    return wrap(delegate.toAbsolutePath());
  }

  @Override
  public Path toRealPath(LinkOption... options) throws IOException {
    synchronized (fs.generation.disk.lock) {
      fs.generation.checkAlive();
      return wrap(delegate.toRealPath(options));
    }
  }

  @Override
  public WatchKey register(
      WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
    throw new UnsupportedOperationException("the crash layer does not watch directories");
  }

  @Override
  public int compareTo(Path other) {
    return delegate.compareTo(unwrap(other));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CrashPath crash && crash.fs == fs && delegate.equals(crash.delegate);
  }

  @Override
  public int hashCode() {
    return delegate.hashCode();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
