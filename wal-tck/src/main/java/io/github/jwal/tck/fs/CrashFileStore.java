package io.github.jwal.tck.fs;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileStoreAttributeView;

/** Jimfs's file store, with the space the disk's capacity leaves. */
final class CrashFileStore extends FileStore {
  private final Generation generation;
  private final FileStore delegate;

  CrashFileStore(Generation generation, FileStore delegate) {
    this.generation = generation;
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public String type() {
    return "jwal-crash";
  }

  @Override
  public boolean isReadOnly() {
    return false;
  }

  @Override
  public long getTotalSpace() throws IOException {
    long capacity = generation.disk.capacity();
    return capacity == Long.MAX_VALUE ? delegate.getTotalSpace() : capacity;
  }

  @Override
  public long getUsableSpace() throws IOException {
    synchronized (generation.disk.lock) {
      generation.checkAlive();
      long capacity = generation.disk.capacity();
      if (capacity == Long.MAX_VALUE) {
        return delegate.getUsableSpace();
      }
      return Math.max(0, capacity - generation.disk.used(generation));
    }
  }

  @Override
  public long getUnallocatedSpace() throws IOException {
    return getUsableSpace();
  }

  @Override
  public boolean supportsFileAttributeView(Class<? extends FileAttributeView> type) {
    return delegate.supportsFileAttributeView(type);
  }

  @Override
  public boolean supportsFileAttributeView(String name) {
    return delegate.supportsFileAttributeView(name);
  }

  @Override
  public <V extends FileStoreAttributeView> V getFileStoreAttributeView(Class<V> type) {
    return delegate.getFileStoreAttributeView(type);
  }

  @Override
  public Object getAttribute(String attribute) throws IOException {
    return delegate.getAttribute(attribute);
  }
}
