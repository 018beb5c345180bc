package io.github.jwal.file;

import io.github.jwal.spi.SegmentReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;

/**
 * Reads a segment with positional reads, which leave the channel's position alone: the channel may
 * be the one a writer in this process appends through (see {@link FileRegistry}).
 */
final class FileSegmentReader implements SegmentReader {
  private final FileRegistry registry;
  private final FileRegistry.Handle file;
  private final long size;
  private long position;
  private volatile boolean closed;

  FileSegmentReader(FileRegistry registry, FileRegistry.Handle file) throws IOException {
    this.registry = registry;
    this.file = file;
    this.size = file.channel().size();
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new ClosedChannelException();
    }
    if (position >= size) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    ByteBuffer dst = ByteBuffer.wrap(b, off, (int) Math.min(len, size - position));
    int n = file.channel().read(dst, position);
    if (n < 0) {
      // Cut shorter since this reader opened (a repair): its end comes early.
      return -1;
    }
    position += n;
    return n;
  }

  @Override
  public int readAt(long at, byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (at < 0) {
      throw new IllegalArgumentException("negative position: " + at);
    }
    if (closed) {
      throw new ClosedChannelException();
    }
    ByteBuffer dst = ByteBuffer.wrap(b, off, len);
    while (dst.hasRemaining()) {
      int n = file.channel().read(dst, at + dst.position() - off);
      if (n < 0) {
        break;
      }
    }
    int read = dst.position() - off;
    return read == 0 && len > 0 ? -1 : read;
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      registry.closeRead(file);
    }
  }

  @Override
  public String toString() {
    return "reader of " + file.path();
  }
}
