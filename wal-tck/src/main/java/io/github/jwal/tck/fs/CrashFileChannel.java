package io.github.jwal.tck.fs;

import io.github.jwal.faults.CrashImage;
import io.github.jwal.tck.WriteFault;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * A Jimfs file channel whose writes and truncates are recorded as pending in the file's image and
 * whose {@code force} makes them durable. Reads see everything, as a page cache does.
 */
final class CrashFileChannel extends FileChannel {
  private static final int PAGE = 4096;

  private final Generation generation;
  private final FileChannel delegate;
  private final CrashImage image;
  private final Path path;
  private final boolean append;

  CrashFileChannel(
      Generation generation, FileChannel delegate, CrashImage image, Path path, boolean append) {
    this.generation = generation;
    this.delegate = delegate;
    this.image = image;
    this.path = path;
    this.append = append;
  }

  private Object mutex() {
    return generation.disk.lock;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    synchronized (mutex()) {
      generation.checkAlive();
      return delegate.read(dst);
    }
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    synchronized (mutex()) {
      generation.checkAlive();
      return delegate.read(dsts, offset, length);
    }
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    synchronized (mutex()) {
      generation.checkAlive();
      return delegate.read(dst, position);
    }
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    synchronized (mutex()) {
      generation.checkAlive();
      long at = append ? delegate.size() : delegate.position();
      int n = writeAt(src, at);
      delegate.position(at + n);
      return n;
    }
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    long total = 0;
    for (int i = offset; i < offset + length; i++) {
      total += write(srcs[i]);
    }
    return total;
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    synchronized (mutex()) {
      generation.checkAlive();
      return writeAt(src, position);
    }
  }

  private int writeAt(ByteBuffer src, long position) throws IOException {
    byte[] bytes = new byte[src.remaining()];
    src.duplicate().get(bytes);
    long size = delegate.size();
    long growth = Math.max(0, position + bytes.length - size);
    CrashableJimfs disk = generation.disk;
    if (growth > 0
        && disk.capacity() != Long.MAX_VALUE
        && disk.used(generation) + growth > disk.capacity()) {
      throw new IOException(
          "No space left on device: writing "
              + bytes.length
              + " bytes to "
              + path
              + " needs "
              + growth
              + " more, the simulated disk holds "
              + disk.capacity());
    }
    WriteFault fault = bytes.length > 0 ? disk.takeWriteFault() : null;
    ByteBuffer whole = ByteBuffer.wrap(bytes);
    while (whole.hasRemaining()) {
      delegate.write(whole, position + whole.position());
    }
    src.position(src.position() + bytes.length);
    if (fault == null) {
      image.write(position, bytes);
    } else if (fault == WriteFault.MISDIRECTED) {
      image.write(position >= PAGE ? position - PAGE : position + PAGE, bytes);
    }
    return bytes.length;
  }

  @Override
  public long position() throws IOException {
    synchronized (mutex()) {
      generation.checkAlive();
      return delegate.position();
    }
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    synchronized (mutex()) {
      generation.checkAlive();
      delegate.position(newPosition);
      return this;
    }
  }

  @Override
  public long size() throws IOException {
    synchronized (mutex()) {
      generation.checkAlive();
      return delegate.size();
    }
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    synchronized (mutex()) {
      generation.checkAlive();
      if (size < delegate.size()) {
        image.truncate(size);
      }
      delegate.truncate(size);
      return this;
    }
  }

  @Override
  public void force(boolean metaData) throws IOException {
    synchronized (mutex()) {
      generation.checkAlive();
      generation.disk.beforeSync(path.toString());
      image.sync();
    }
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(count, 64 * 1024));
    long done = 0;
    while (done < count) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
      int n = read(buffer, position + done);
      if (n <= 0) {
        break;
      }
      buffer.flip();
      while (buffer.hasRemaining()) {
        target.write(buffer);
      }
      done += n;
    }
    return done;
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(count, 64 * 1024));
    long done = 0;
    while (done < count) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
      int n = src.read(buffer);
      if (n <= 0) {
        break;
      }
      buffer.flip();
      done += write(buffer, position + done);
    }
    return done;
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) {
    throw new UnsupportedOperationException("mapped writes would bypass the crash layer");
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return tryLock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    synchronized (mutex()) {
      generation.checkAlive();
      Object key = Generation.key(path);
      for (CrashFileLock held : generation.locks) {
        if (held.key.equals(key) && held.overlaps(position, size)) {
          throw new OverlappingFileLockException();
        }
      }
      CrashFileLock lock = new CrashFileLock(this, key, position, size, shared);
      generation.locks.add(lock);
      return lock;
    }
  }

  void released(CrashFileLock lock) {
    synchronized (mutex()) {
      generation.locks.remove(lock);
    }
  }

  @Override
  protected void implCloseChannel() throws IOException {
    synchronized (mutex()) {
      generation.locks.removeIf(held -> held.channel() == this);
      if (!generation.dead) {
        delegate.close();
      }
    }
  }

  @Override
  public String toString() {
    return "crash layer channel on " + path;
  }
}
