package io.github.jwal.memory;

import io.github.jwal.WalClosedException;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentWriter;
import java.io.IOException;
import java.util.Objects;

/** Appends to one segment of a volume. Its fields are guarded by the volume's lock. */
final class InMemorySegmentWriter implements SegmentWriter {
  private final InMemoryLogStorage storage;
  private final InMemoryVolume volume;
  private final Segment segment;
  private SegmentId id;
  private long position;
  private boolean sealed;
  private boolean closed;

  /** Called under the volume's lock. */
  InMemorySegmentWriter(InMemoryLogStorage storage, Segment segment, SegmentId id, long position) {
    this.storage = storage;
    this.volume = storage.volume();
    this.segment = segment;
    this.id = id;
    this.position = position;
    segment.appender(this);
  }

  @Override
  public SegmentId id() {
    synchronized (volume.mutex) {
      return id;
    }
  }

  @Override
  public long position() {
    synchronized (volume.mutex) {
      return position;
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Ranges.checkArrayRange(b, off, len);
    synchronized (volume.mutex) {
      checkUsable();
      if (sealed) {
        throw new IllegalStateException("segment " + segment.name() + " is sealed");
      }
      if (position + len > Segment.MAX_LENGTH) {
        throw poisoned(
            new IOException(
                "segment "
                    + segment.name()
                    + " would pass "
                    + Segment.MAX_LENGTH
                    + " bytes, the most an in-memory segment holds"));
      }
      IOException injected = volume.faults().takeWriteFailure();
      if (injected != null) {
        throw poisoned(injected);
      }
      try {
        volume.checkSpace(
            segment.sizeAfterWrite(position, len) - segment.size(),
            "writing " + len + " bytes to " + segment.name());
      } catch (IOException noSpace) {
        throw poisoned(noSpace);
      }
      segment.write(position, b, off, len);
      position += len;
    }
  }

  @Override
  public void sync() throws IOException {
    synchronized (volume.mutex) {
      checkUsable();
      syncSegment();
    }
  }

  @Override
  public void publish(SegmentId newId) throws IOException {
    Objects.requireNonNull(newId, "id");
    synchronized (volume.mutex) {
      checkUsable();
      if (id != null) {
        throw new IllegalStateException("segment " + id + " is published already");
      }
      volume.publish(segment, newId);
      id = newId;
      storage.lockPublished(newId);
    }
  }

  @Override
  public void seal() throws IOException {
    synchronized (volume.mutex) {
      checkUsable();
      segment.cut(position);
      sealed = true;
      syncSegment();
    }
  }

  /**
   * Closing does not sync. A segment that was never published is discarded, as a storage's close
   * would: nothing can publish it any more.
   */
  @Override
  public void close() {
    synchronized (volume.mutex) {
      if (closed) {
        return;
      }
      closed = true;
      if (storage.isOpen() && volume.isStaged(segment)) {
        volume.discardStaged(segment);
      }
    }
  }

  /** Called under the volume's lock. */
  boolean isOpen() {
    return !closed && storage.isOpen();
  }

  @Override
  public String toString() {
    return "InMemorySegmentWriter[" + storage.location() + ", " + segment.name() + "]";
  }

  private void syncSegment() throws IOException {
    if (storage.unsafeNoSync()) {
      return;
    }
    IOException injected = volume.faults().takeSyncFailure();
    if (injected != null) {
      throw poisoned(injected);
    }
    segment.sync();
  }

  private void checkUsable() throws IOException {
    storage.checkWritable();
    if (closed) {
      throw WalClosedException.closed();
    }
  }

  private IOException poisoned(IOException cause) {
    storage.poison(cause);
    return cause;
  }
}
