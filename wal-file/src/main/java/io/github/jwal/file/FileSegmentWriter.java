package io.github.jwal.file;

import io.github.jwal.WalClosedException;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Appends to a locked segment through positional writes on the channel that holds its lock. Closing
 * the writer never closes that channel: the lock belongs to the storage until it releases the
 * segment.
 */
final class FileSegmentWriter implements SegmentWriter {
  /** How the segment came to this writer, which decides what publishing it means. */
  enum Origin {
    /** The first segment of a new log, in the staging directory. */
    CREATED,
    /** A spare from the pipeline, named {@code N.tmp}. */
    ALLOCATED,
    /** A published segment reopened to append to. */
    TAIL
  }

  private final FileLogStorage storage;
  private final FileRegistry.Handle file;
  private final Origin origin;
  private SegmentId id;
  private long position;
  private boolean closed;

  FileSegmentWriter(
      FileLogStorage storage,
      FileRegistry.Handle file,
      Origin origin,
      SegmentId id,
      long position) {
    this.storage = storage;
    this.file = file;
    this.origin = origin;
    this.id = id;
    this.position = position;
  }

  FileRegistry.Handle file() {
    return file;
  }

  Origin origin() {
    return origin;
  }

  @Override
  public SegmentId id() {
    return id;
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    checkOpen();
    try {
      Preallocator.writeFully(file.channel(), ByteBuffer.wrap(b, off, len), position);
    } catch (IOException e) {
      throw storage.poison(e);
    }
    position += len;
  }

  @Override
  public void sync() throws IOException {
    checkOpen();
    if (!storage.syncs()) {
      return;
    }
    try {
      file.channel().force(false);
    } catch (IOException e) {
      throw storage.poison(e);
    }
  }

  @Override
  public void publish(SegmentId id) throws IOException {
    Objects.requireNonNull(id, "id");
    if (this.id != null) {
      throw new IllegalStateException(file.path() + " was published already as " + this.id);
    }
    checkOpen();
    storage.publish(this, id);
    this.id = id;
  }

  @Override
  public void seal() throws IOException {
    checkOpen();
    try {
      file.channel().truncate(position);
      if (storage.syncs()) {
        file.channel().force(false);
      }
    } catch (IOException e) {
      throw storage.poison(e);
    }
  }

  /** Ends this writer. A segment that was never published is discarded with it. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (id == null) {
      storage.discard(this);
    }
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw WalClosedException.closed();
    }
    storage.checkUsable();
  }

  @Override
  public String toString() {
    return "writer of " + file.path() + " at " + position;
  }
}
