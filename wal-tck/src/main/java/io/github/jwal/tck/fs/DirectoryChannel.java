package io.github.jwal.tck.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * A directory opened for reading, as Linux allows, for one purpose: {@code force} syncs the
 * directory, making its present entries durable. Everything else fails as on Linux.
 */
final class DirectoryChannel extends FileChannel {
  private final Generation generation;
  private final Path dir;
  private final Object key;

  DirectoryChannel(Generation generation, Path dir, Object key) {
    this.generation = generation;
    this.dir = dir;
    this.key = key;
  }

  private IOException isADirectory() {
    return new IOException(dir + ": Is a directory");
  }

  @Override
  public void force(boolean metaData) throws IOException {
    synchronized (generation.disk.lock) {
      generation.checkAlive();
      generation.disk.beforeSync(dir.toString());
      generation.syncDirectory(key, dir);
    }
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    throw isADirectory();
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    throw isADirectory();
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    throw isADirectory();
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    throw isADirectory();
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    throw isADirectory();
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    throw isADirectory();
  }

  @Override
  public long position() {
    return 0;
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    throw isADirectory();
  }

  @Override
  public long size() {
    return 0;
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    throw isADirectory();
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    throw isADirectory();
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    throw isADirectory();
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    throw isADirectory();
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    throw isADirectory();
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    throw isADirectory();
  }

  @Override
  protected void implCloseChannel() {}
}
