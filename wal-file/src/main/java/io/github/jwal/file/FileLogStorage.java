package io.github.jwal.file;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

import io.github.jwal.WalClosedException;
import io.github.jwal.WalLockedException;
import io.github.jwal.WalNotFoundException;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentReader;
import io.github.jwal.spi.SegmentWriter;
import io.github.jwal.spi.StorageOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A log in a directory, laid out as etcd lays it out: segments named {@code %016x-%016x.wal}, the
 * pipeline's spare {@code 0.tmp}/{@code 1.tmp}, backups {@code <segment>.broken}, and the sibling
 * {@code <dir>.tmp} while the log is being created.
 */
final class FileLogStorage implements LogStorage {
  private final Path dir;
  private final StorageOptions options;
  private final Preallocator preallocator;
  private final DirectorySync directorySync;
  private final FileRegistry registry;
  private final FileAttribute<?>[] fileAttributes;
  private final LogCreation creation;

  private final Map<SegmentId, FileRegistry.Handle> held = new HashMap<>();

  /** The log's lock file, locked while this storage is the log's writer; {@code null} before. */
  private FileRegistry.Handle writerLock;

  /** Writers of segments not yet published, in the order they were staged. */
  private final Set<FileSegmentWriter> staged = new LinkedHashSet<>();

  /** The log this storage is creating, until its first segment is published or discarded. */
  private LogCreation.Staged staging;

  private SegmentPipeline pipeline;
  private volatile IOException poison;
  private volatile boolean closed;

  FileLogStorage(
      Path dir,
      StorageOptions options,
      Preallocator preallocator,
      DirectorySync directorySync,
      FileRegistry registry) {
    this.dir = dir;
    this.options = options;
    this.preallocator = preallocator;
    this.directorySync = directorySync;
    this.registry = registry;
    this.fileAttributes = FilePermissions.forFiles(dir.getFileSystem());
    this.creation =
        new LogCreation(
            dir, registry, fileAttributes, FilePermissions.forDirectories(dir.getFileSystem()));
  }

  @Override
  public String location() {
    return dir.toString();
  }

  @Override
  public boolean exists() throws IOException {
    return !segments().isEmpty();
  }

  @Override
  public List<SegmentId> segments() throws IOException {
    List<SegmentId> ids = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        SegmentId.parse(entry.getFileName().toString()).ifPresent(ids::add);
      }
    } catch (NoSuchFileException e) {
      if (!dir.toString().equals(e.getFile())) {
        throw e;
      }
      return List.of();
    }
    ids.sort(null);
    return ids;
  }

  @Override
  public SegmentReader openReader(SegmentId id) throws IOException {
    checkNotClosed();
    return new FileSegmentReader(registry, registry.openRead(segmentPath(id)));
  }

  @Override
  public synchronized void lock() throws IOException {
    checkNotClosed();
    if (writerLock != null) {
      return;
    }
    if (segments().isEmpty()) {
      // Checked first, so that looking for a log where there is none leaves no lock file behind.
      throw new WalNotFoundException("no write-ahead log segments in " + dir);
    }
    try {
      writerLock =
          registry.lock(dir.resolve(FileStorageProvider.WRITER_LOCK_FILE), true, fileAttributes);
    } catch (WalLockedException e) {
      throw new WalLockedException(
          "the write-ahead log in " + dir + " (its " + FileStorageProvider.WRITER_LOCK_FILE + ")");
    } catch (NoSuchFileException e) {
      throw new WalNotFoundException("no write-ahead log in " + dir + ": " + e.getMessage());
    }
  }

  @Override
  public synchronized void hold(List<SegmentId> ids) throws IOException {
    checkNotClosed();
    if (writerLock == null) {
      throw new IllegalStateException(
          "hold needs the writer's lock on " + dir + ": call lock first");
    }
    Map<SegmentId, FileRegistry.Handle> taken = new HashMap<>();
    try {
      for (SegmentId id : ids) {
        if (!held.containsKey(id) && !taken.containsKey(id)) {
          taken.put(id, registry.lock(segmentPath(id), false));
        }
      }
    } catch (IOException | RuntimeException e) {
      for (FileRegistry.Handle file : taken.values()) {
        try {
          registry.release(file);
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    held.putAll(taken);
  }

  @Override
  public synchronized void release(SegmentId id) throws IOException {
    FileRegistry.Handle file = held.remove(id);
    if (file != null) {
      registry.release(file);
    }
  }

  /**
   * Deletes as etcd's purge does: takes the segment's lock first, so a segment any writer holds, in
   * this process or another, is refused rather than pulled from under it.
   */
  @Override
  public synchronized void delete(SegmentId id) throws IOException {
    checkUsable();
    if (held.containsKey(id)) {
      throw new WalLockedException("segment " + segmentPath(id) + " (held by this writer)");
    }
    Path file = segmentPath(id);
    FileRegistry.Handle handle = registry.lock(file, false);
    try {
      Files.delete(file);
    } finally {
      registry.release(handle);
    }
    syncDirectory(dir);
  }

  @Override
  public synchronized SegmentWriter create() throws IOException {
    checkUsable();
    if (writerLock != null) {
      throw new IllegalStateException("create on " + dir + ", which this storage writes already");
    }
    staging = creation.stage();
    FileRegistry.Handle file = staging.segment();
    try {
      preallocator.preallocate(file.channel(), file.path(), options.segmentBytes(), () -> false);
    } catch (IOException | RuntimeException e) {
      try {
        discardStaging();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    writerLock = staging.writerLock();
    FileSegmentWriter writer =
        new FileSegmentWriter(this, file, FileSegmentWriter.Origin.CREATED, null, 0);
    staged.add(writer);
    return writer;
  }

  @Override
  public synchronized SegmentWriter allocate() throws IOException {
    checkUsable();
    if (writerLock == null || staging != null) {
      throw new IllegalStateException(
          "allocate() needs a writer: lock the log or publish the created one first");
    }
    startPipeline();
    FileSegmentWriter writer =
        new FileSegmentWriter(this, pipeline.take(), FileSegmentWriter.Origin.ALLOCATED, null, 0);
    staged.add(writer);
    return writer;
  }

  @Override
  public synchronized SegmentWriter openTail(SegmentId id, long offset) throws IOException {
    checkUsable();
    if (offset < 0) {
      throw new IllegalArgumentException("negative offset " + offset + " in " + id);
    }
    FileSegmentWriter tail =
        new FileSegmentWriter(this, lockedFile(id), FileSegmentWriter.Origin.TAIL, id, offset);
    // Only a log that will be appended to needs a spare segment: not a repair, which also locks.
    startPipeline();
    return tail;
  }

  @Override
  public synchronized String backup(SegmentId id) throws IOException {
    checkNotClosed();
    String name = id.fileName() + ".broken";
    for (int n = 1; Files.exists(dir.resolve(name)); n++) {
      name = id.fileName() + ".broken." + n; // an earlier repair's backup is kept, not overwritten
    }
    Path target = dir.resolve(name);
    FileRegistry.Handle source = registry.openRead(segmentPath(id));
    try (FileChannel out = FileChannel.open(target, Set.of(WRITE, CREATE_NEW), fileAttributes)) {
      FilePermissions.restrictFile(target);
      long size = source.channel().size();
      long copied = 0;
      while (copied < size) {
        // transferTo reads at a position and leaves the source's position alone: it may be the
        // channel a writer holds.
        long n = source.channel().transferTo(copied, size - copied, out);
        if (n <= 0) {
          break;
        }
        copied += n;
      }
      out.force(true);
    } finally {
      registry.closeRead(source);
    }
    syncDirectory(dir);
    return name;
  }

  @Override
  public synchronized void truncate(SegmentId id, long size) throws IOException {
    checkUsable();
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size + " for " + id);
    }
    FileChannel channel = lockedFile(id).channel();
    if (size > channel.size()) {
      throw new IllegalArgumentException(
          "cannot truncate " + id + " of " + channel.size() + " bytes to " + size);
    }
    try {
      channel.truncate(size);
      channel.force(false);
    } catch (IOException e) {
      throw poison(e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    IOException failure = null;
    if (pipeline != null) {
      try {
        pipeline.close();
      } catch (IOException e) {
        failure = e;
      }
      pipeline = null;
    }
    for (FileSegmentWriter writer : new ArrayList<>(staged)) {
      try {
        discard(writer);
      } catch (IOException e) {
        failure = addTo(failure, e);
      }
    }
    for (FileRegistry.Handle file : held.values()) {
      try {
        registry.release(file);
      } catch (IOException e) {
        failure = addTo(failure, e);
      }
    }
    held.clear();
    if (writerLock != null) {
      // Last: until here no other writer may take the log, not even while this one lets go.
      try {
        registry.release(writerLock);
      } catch (IOException e) {
        failure = addTo(failure, e);
      }
      writerLock = null;
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "file storage at " + dir;
  }

  // Called by the writers.

  void checkUsable() throws WalClosedException {
    checkNotClosed();
    IOException cause = poison;
    if (cause != null) {
      throw WalClosedException.poisoned(cause);
    }
  }

  /** Records the first failed write or sync: the storage refuses all writes until reopened. */
  IOException poison(IOException cause) {
    if (poison == null) {
      poison = cause;
    }
    return cause;
  }

  boolean syncs() {
    return !options.unsafeNoSync();
  }

  synchronized void publish(FileSegmentWriter writer, SegmentId id) throws IOException {
    checkUsable();
    if (!staged.contains(writer)) {
      throw new IllegalStateException(writer + " is not staged in " + this);
    }
    if (held.containsKey(id)) {
      throw new IllegalStateException(id + " is published already in " + dir);
    }
    if (writer.origin() == FileSegmentWriter.Origin.CREATED) {
      publishCreated(writer, id);
    } else {
      publishAllocated(writer, id);
    }
  }

  /** Discards a segment that was staged and never published; does nothing otherwise. */
  synchronized void discard(FileSegmentWriter writer) throws IOException {
    if (!staged.remove(writer)) {
      return;
    }
    if (writer.origin() == FileSegmentWriter.Origin.CREATED) {
      discardStaging();
    } else {
      registry.discard(writer.file());
    }
  }

  private void publishAllocated(FileSegmentWriter writer, SegmentId id) throws IOException {
    registry.move(writer.file(), segmentPath(id));
    staged.remove(writer);
    held.put(id, writer.file());
    try {
      syncDirectory(dir);
    } catch (IOException e) {
      throw poison(e);
    }
  }

  private void publishCreated(FileSegmentWriter writer, SegmentId id) throws IOException {
    creation.name(writer.file(), id);
    try {
      // The segment's own directory entry, which the rename carries along.
      syncDirectory(creation.staging());
    } catch (IOException e) {
      throw poison(e);
    }
    creation.moveIntoPlace();
    staged.remove(writer);
    staging = null;
    held.put(id, writer.file());
    try {
      syncDirectory(dir.getParent());
    } catch (IOException e) {
      poison(e);
      try {
        registry.release(held.remove(id));
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw creation.setAsideBroken(e);
    }
    startPipeline();
  }

  /** Gives up the log this storage was creating, and with it the writer's lock. */
  private void discardStaging() throws IOException {
    LogCreation.Staged discarded = staging;
    staging = null;
    writerLock = null;
    creation.discard(discarded);
  }

  private void startPipeline() {
    if (pipeline == null) {
      pipeline =
          new SegmentPipeline(dir, options.segmentBytes(), preallocator, registry, fileAttributes);
    }
  }

  private FileRegistry.Handle lockedFile(SegmentId id) {
    FileRegistry.Handle file = held.get(id);
    if (file == null) {
      throw new IllegalStateException(id + " is not locked by " + this);
    }
    return file;
  }

  /**
   * Even under {@code unsafeNoSync}, which skips the syncs of data only: a name that a crash can
   * take back would undo a publish, a delete or a backup (rule R13), as etcd keeps its directory
   * syncs under its unsafe no-fsync.
   */
  private void syncDirectory(Path directory) throws IOException {
    directorySync.sync(directory);
  }

  private void checkNotClosed() throws WalClosedException {
    if (closed) {
      throw WalClosedException.closed();
    }
  }

  private Path segmentPath(SegmentId id) {
    return dir.resolve(id.fileName());
  }

  private static IOException addTo(IOException first, IOException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
