package io.github.jwal.tck.selftest;

import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Appends to one segment of a {@link ReferenceStorage}, with its flaws. */
final class Writer implements SegmentWriter {
  private static final int CORRUPT_AT = 2048;

  private final ReferenceStorage storage;
  private final FileChannel channel;
  Path file;
  private SegmentId id;
  private long position;

  /** Bytes written to the caller but not yet to the file, by offset (for the write-order flaws). */
  private final List<Object[]> deferred = new ArrayList<>();

  private boolean corrupted;

  /** This writer's own failure, where the storage does not share it (a flaw). */
  private IOException poison;

  Writer(ReferenceStorage storage, FileChannel channel, Path file, SegmentId id, long position) {
    this.storage = storage;
    this.channel = channel;
    this.file = file;
    this.id = id;
    this.position = position;
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
    checkUsable();
    byte[] bytes = Arrays.copyOfRange(b, off, off + len);
    try {
      if (storage.has(Flaw.ACKS_BEFORE_WRITING)) {
        flushDeferred();
        deferred.add(new Object[] {position, bytes});
      } else if (storage.has(Flaw.REORDERS_ACROSS_SYNC) && len > 1) {
        int half = len / 2;
        writeAt(position + half, Arrays.copyOfRange(bytes, half, len));
        deferred.add(new Object[] {position, Arrays.copyOfRange(bytes, 0, half)});
      } else {
        writeAt(position, bytes);
      }
    } catch (IOException e) {
      throw storage.poison(e);
    }
    position += len;
  }

  private void writeAt(long at, byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer, at + buffer.position());
    }
  }

  private void flushDeferred() throws IOException {
    for (Object[] write : deferred) {
      writeAt((Long) write[0], (byte[]) write[1]);
    }
    deferred.clear();
  }

  @Override
  public void sync() throws IOException {
    checkUsable();
    try {
      if (!storage.has(Flaw.SKIPS_FSYNC)) {
        channel.force(false);
      }
      if (storage.has(Flaw.REORDERS_ACROSS_SYNC)) {
        flushDeferred();
      }
      if (storage.has(Flaw.CORRUPTS_SYNCED_BYTES) && !corrupted && position > CORRUPT_AT) {
        corrupted = true;
        ByteBuffer one = ByteBuffer.allocate(1);
        channel.read(one, CORRUPT_AT);
        one.put(0, (byte) (one.get(0) ^ 0x20)).rewind();
        channel.write(one, CORRUPT_AT);
        channel.force(false);
      }
    } catch (IOException e) {
      throw failed(e);
    }
  }

  private void checkUsable() throws IOException {
    storage.checkUsable();
    if (poison != null) {
      throw poison;
    }
  }

  /** Poisons the storage, as the contract says, unless a flaw says otherwise. */
  private IOException failed(IOException e) {
    if (storage.has(Flaw.RETRIES_FAILED_SYNC)) {
      return e;
    }
    if (storage.has(Flaw.POISON_NOT_SHARED)) {
      poison = e;
      return e;
    }
    return storage.poison(e);
  }

  @Override
  public void publish(SegmentId newId) throws IOException {
    if (id != null) {
      throw new IllegalStateException(id + " is published already");
    }
    storage.publish(this, newId);
    id = newId;
  }

  @Override
  public void seal() throws IOException {
    checkUsable();
    try {
      flushDeferred();
      channel.truncate(position);
      if (!storage.has(Flaw.SKIPS_FSYNC)) {
        channel.force(false);
      }
    } catch (IOException e) {
      throw storage.poison(e);
    }
  }

  /** Drops an unpublished segment. */
  void discard() {
    try {
      channel.close();
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a staged file left behind is never read: only published names are segments
    }
    storage.discarded(this);
  }

  @Override
  public void close() throws IOException {
    if (id == null) {
      discard();
    } else {
      channel.close();
    }
  }
}
