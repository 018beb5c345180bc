package io.github.jwal.tck.fs;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The file system of one {@link Generation}: Jimfs's, with every path wrapped. */
final class CrashFileSystem extends FileSystem {
  final Generation generation;
  private final CrashFileSystemProvider provider;

  CrashFileSystem(Generation generation) {
    this.generation = generation;
    this.provider = new CrashFileSystemProvider(this);
  }

  Path wrap(Path jimfsPath) {
    return new CrashPath(this, jimfsPath);
  }

  @Override
  public FileSystemProvider provider() {
    return provider;
  }

  /** The disk owns the file system: {@link CrashableJimfs#close()} closes it. */
  @Override
  public void close() {}

  @Override
  public boolean isOpen() {
    synchronized (generation.disk.lock) {
      return !generation.dead;
    }
  }

  @Override
  public boolean isReadOnly() {
    return false;
  }

  @Override
  public String getSeparator() {
    return generation.jimfs.getSeparator();
  }

  @Override
  public Iterable<Path> getRootDirectories() {
    List<Path> roots = new ArrayList<>();
    generation.jimfs.getRootDirectories().forEach(root -> roots.add(wrap(root)));
    return roots;
  }

  @Override
  public Iterable<FileStore> getFileStores() {
    List<FileStore> stores = new ArrayList<>();
    generation
        .jimfs
        .getFileStores()
        .forEach(store -> stores.add(new CrashFileStore(generation, store)));
    return stores;
  }

  @Override
  public Set<String> supportedFileAttributeViews() {
    return generation.jimfs.supportedFileAttributeViews();
  }

  @Override
  public Path getPath(String first, String... more) {
    return wrap(generation.jimfs.getPath(first, more));
  }

  @Override
  public PathMatcher getPathMatcher(String syntaxAndPattern) {
    PathMatcher matcher = generation.jimfs.getPathMatcher(syntaxAndPattern);
    return path -> matcher.matches(CrashPath.unwrap(path));
  }

  @Override
  public UserPrincipalLookupService getUserPrincipalLookupService() {
    return generation.jimfs.getUserPrincipalLookupService();
  }

  @Override
  public WatchService newWatchService() throws IOException {
    throw new UnsupportedOperationException("the crash layer does not watch directories");
  }

  @Override
  public String toString() {
    return "crash layer over " + generation.jimfs;
  }
}
