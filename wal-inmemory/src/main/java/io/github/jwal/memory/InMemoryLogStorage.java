package io.github.jwal.memory;

import io.github.jwal.WalClosedException;
import io.github.jwal.WalExistsException;
import io.github.jwal.WalLockedException;
import io.github.jwal.WalNotFoundException;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentReader;
import io.github.jwal.spi.SegmentWriter;
import io.github.jwal.spi.StorageOptions;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A handle on a volume: the writer's lock, the segments it holds, and whether an earlier failure
 * poisoned it. Its fields are guarded by the volume's lock, because its writers and readers may be
 * used from other threads than the storage itself.
 */
final class InMemoryLogStorage implements LogStorage {
  private final InMemoryVolume volume;
  private final StorageOptions options;
  private final long epoch;
  private final Set<SegmentId> locked = new HashSet<>();
  private boolean closed;
  private IOException poison;

  InMemoryLogStorage(InMemoryVolume volume, StorageOptions options) {
    this.volume = volume;
    this.options = options;
    synchronized (volume.mutex) {
      this.epoch = volume.epoch();
    }
  }

  @Override
  public String location() {
    return volume.location();
  }

  @Override
  public boolean exists() throws IOException {
    synchronized (volume.mutex) {
      checkOpen();
      return volume.exists();
    }
  }

  @Override
  public List<SegmentId> segments() throws IOException {
    synchronized (volume.mutex) {
      checkOpen();
      return volume.segments();
    }
  }

  @Override
  public SegmentReader openReader(SegmentId id) throws IOException {
    synchronized (volume.mutex) {
      checkOpen();
      return new InMemorySegmentReader(volume, volume.published(id), epoch);
    }
  }

  @Override
  public void lock() throws IOException {
    synchronized (volume.mutex) {
      checkOpen();
      if (!volume.exists()) {
        throw new WalNotFoundException(
            "no write-ahead log segments in the in-memory volume at " + location());
      }
      checkWriterLockFree();
      volume.writer(this);
    }
  }

  @Override
  public void hold(List<SegmentId> ids) throws IOException {
    Objects.requireNonNull(ids, "ids");
    synchronized (volume.mutex) {
      checkOpen();
      if (volume.writer() != this) {
        throw new IllegalStateException(
            "hold needs the writer's lock on " + location() + ": call lock first");
      }
      for (SegmentId id : ids) {
        volume.published(id);
      }
      locked.addAll(ids);
    }
  }

  @Override
  public void release(SegmentId id) throws IOException {
    synchronized (volume.mutex) {
      checkOpen();
      locked.remove(id);
    }
  }

  @Override
  public void delete(SegmentId id) throws IOException {
    synchronized (volume.mutex) {
      checkWritable();
      InMemoryLogStorage writer = volume.writer();
      if (writer != null && writer.locked.contains(id)) {
        throw new WalLockedException("segment " + id + " in " + location());
      }
      volume.delete(id);
    }
  }

  @Override
  public SegmentWriter create() throws IOException {
    synchronized (volume.mutex) {
      checkWritable();
      if (volume.exists()) {
        throw new WalExistsException(location());
      }
      checkWriterLockFree();
      Segment segment = volume.stage(this, options.segmentBytes());
      volume.writer(this);
      return new InMemorySegmentWriter(this, segment, null, 0);
    }
  }

  @Override
  public SegmentWriter allocate() throws IOException {
    synchronized (volume.mutex) {
      checkWritable();
      if (volume.writer() != this) {
        throw new IllegalStateException(
            "allocate needs the writer's lock on " + location() + ": call lock or create first");
      }
      return new InMemorySegmentWriter(this, volume.stage(this, options.segmentBytes()), null, 0);
    }
  }

  @Override
  public SegmentWriter openTail(SegmentId id, long offset) throws IOException {
    synchronized (volume.mutex) {
      checkWritable();
      Segment segment = lockedSegment(id);
      if (offset < 0 || offset > segment.size()) {
        throw new IllegalArgumentException(
            "offset " + offset + " is outside segment " + id + " of " + segment.size() + " bytes");
      }
      if (segment.hasOpenWriter()) {
        throw new IllegalStateException("segment " + id + " already has an open writer");
      }
      segment.zeroFrom(offset);
      return new InMemorySegmentWriter(this, segment, id, offset);
    }
  }

  @Override
  public String backup(SegmentId id) throws IOException {
    synchronized (volume.mutex) {
      checkWritable();
      return volume.backup(id);
    }
  }

  @Override
  public void truncate(SegmentId id, long size) throws IOException {
    synchronized (volume.mutex) {
      checkWritable();
      Segment segment = lockedSegment(id);
      if (size < 0 || size > segment.size()) {
        throw new IllegalArgumentException(
            "cannot truncate segment " + id + " of " + segment.size() + " bytes to " + size);
      }
      segment.cut(size);
      // A durable truncate is ftruncate plus fsync, and the fsync takes the data along.
      segment.sync();
    }
  }

  @Override
  public void close() {
    synchronized (volume.mutex) {
      if (closed) {
        return;
      }
      closed = true;
      locked.clear();
      if (volume.epoch() != epoch) {
        // The crash already took the lock and the staged segments; they may belong to a successor.
        return;
      }
      if (volume.writer() == this) {
        volume.writer(null);
      }
      volume.discardStagedOf(this);
    }
  }

  @Override
  public String toString() {
    return "InMemoryLogStorage[" + location() + "]";
  }

  // For this storage's writers, under the volume's lock.

  InMemoryVolume volume() {
    return volume;
  }

  /** Whether this storage is neither closed nor outlived by a crash. */
  boolean isOpen() {
    return !closed && volume.epoch() == epoch;
  }

  boolean unsafeNoSync() {
    return options.unsafeNoSync();
  }

  void lockPublished(SegmentId id) {
    locked.add(id);
  }

  /** Records the first failed write or sync; every later mutation reports it. */
  void poison(IOException cause) {
    if (poison == null) {
      poison = cause;
    }
  }

  void checkOpen() throws IOException {
    volume.checkAlive(epoch);
    if (closed) {
      throw WalClosedException.closed();
    }
  }

  void checkWritable() throws IOException {
    checkOpen();
    if (poison != null) {
      throw WalClosedException.poisoned(poison);
    }
  }

  private void checkWriterLockFree() throws WalLockedException {
    InMemoryLogStorage holder = volume.writer();
    if (holder != null && holder != this) {
      throw new WalLockedException(location());
    }
  }

  private Segment lockedSegment(SegmentId id) throws IOException {
    Segment segment = volume.published(id);
    if (!locked.contains(id) || volume.writer() != this) {
      throw new IllegalStateException(
          "segment " + id + " of " + location() + " is not locked by this storage");
    }
    return segment;
  }
}
