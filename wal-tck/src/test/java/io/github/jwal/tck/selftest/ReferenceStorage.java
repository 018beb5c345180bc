package io.github.jwal.tck.selftest;

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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The smallest file backend that keeps the contract: segments {@code <seq>-<index>.wal} in one
 * directory, staged under {@code *.tmp} names and published by a rename and a directory sync, one
 * writer per directory in this process. With {@link Flaw}s it breaks the contract on purpose.
 */
final class ReferenceStorage implements LogStorage {
  /** The writer of each log directory in this process, by file system and path. */
  private static final Map<List<Object>, ReferenceStorage> WRITERS = new ConcurrentHashMap<>();

  /** The storages that hold segments of each log directory in this process. */
  private static final Map<List<Object>, Set<ReferenceStorage>> HOLDERS = new ConcurrentHashMap<>();

  private final Path dir;
  private final StorageOptions options;
  private final Set<Flaw> flaws;
  private final List<Object> key;
  private final Set<SegmentId> held = new HashSet<>();
  private final List<Writer> staged = new ArrayList<>();
  private int stagedNames;
  private IOException poison;
  private boolean closed;

  ReferenceStorage(Path dir, StorageOptions options, Set<Flaw> flaws) {
    forgetClosedFileSystems();
    this.dir = dir.toAbsolutePath();
    this.options = options;
    this.flaws = flaws;
    this.key = List.of(this.dir.getFileSystem(), this.dir.toString());
  }

  /**
   * Drops the writers and holders of file systems that are gone (a simulated crash closes its file
   * system and kills its storages without closing them), which would otherwise keep every file
   * system a long run made reachable.
   */
  private static void forgetClosedFileSystems() {
    WRITERS.keySet().removeIf(key -> !((FileSystem) key.get(0)).isOpen());
    HOLDERS.keySet().removeIf(key -> !((FileSystem) key.get(0)).isOpen());
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
    if (!Files.isDirectory(dir)) {
      return ids;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        SegmentId.parse(entry.getFileName().toString()).ifPresent(ids::add);
      }
    }
    ids.sort(null);
    if (flaws.contains(Flaw.LISTS_BY_FIRST_INDEX)) {
      Map<Long, SegmentId> byFirstIndex = new java.util.TreeMap<>();
      ids.forEach(id -> byFirstIndex.put(id.firstIndex(), id));
      ids = new ArrayList<>(byFirstIndex.values());
    }
    if (flaws.contains(Flaw.LOSES_NEWEST_SEGMENT) && ids.size() > 1) {
      ids.remove(ids.size() - 1);
    }
    return ids;
  }

  @Override
  public SegmentReader openReader(SegmentId id) throws IOException {
    FileChannel channel = FileChannel.open(dir.resolve(id.fileName()), StandardOpenOption.READ);
    long size = channel.size();
    return new SegmentReader() {
      private long position;

      @Override
      public long size() {
        return size;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (position >= size) {
          return -1;
        }
        int n =
            channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, size - position)), position);
        if (n < 0) {
          return -1;
        }
        position += n;
        return n;
      }

      @Override
      public int readAt(long at, byte[] b, int off, int len) throws IOException {
        long end = flaws.contains(Flaw.READS_AT_THE_SIZE_IT_OPENED_WITH) ? size : channel.size();
        if (at >= end) {
          return -1;
        }
        int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - at)), at);
        return n;
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }

  @Override
  public synchronized void lock() throws IOException {
    if (segments().isEmpty()) {
      throw new WalNotFoundException("no segments in " + dir);
    }
    becomeWriter();
  }

  private void becomeWriter() throws WalLockedException {
    if (flaws.contains(Flaw.LOCKS_ONLY_SEGMENTS)) {
      WRITERS.put(key, this);
      return;
    }
    ReferenceStorage writer = WRITERS.putIfAbsent(key, this);
    if (writer != null && writer != this && !flaws.contains(Flaw.IGNORES_LOCKS)) {
      throw new WalLockedException(dir.toString());
    }
  }

  @Override
  public synchronized void hold(List<SegmentId> ids) throws IOException {
    if (WRITERS.get(key) != this) {
      throw new IllegalStateException("hold needs the writer's lock on " + dir);
    }
    for (SegmentId id : ids) {
      if (!Files.exists(dir.resolve(id.fileName()))) {
        throw new NoSuchFileException(dir.resolve(id.fileName()).toString());
      }
      if (flaws.contains(Flaw.LOCKS_ONLY_SEGMENTS) && heldByAnother(id)) {
        throw new WalLockedException(dir.resolve(id.fileName()).toString());
      }
    }
    held.addAll(ids);
    HOLDERS.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(this);
  }

  private boolean heldByAnother(SegmentId id) {
    for (ReferenceStorage other : HOLDERS.getOrDefault(key, Set.of())) {
      if (other != this && other.holds(id)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public synchronized void release(SegmentId id) {
    held.remove(id);
  }

  @Override
  public synchronized void delete(SegmentId id) throws IOException {
    checkUsable();
    if ((holds(id) || heldByAnother(id)) && !flaws.contains(Flaw.IGNORES_LOCKS)) {
      throw new WalLockedException(dir.resolve(id.fileName()).toString());
    }
    Files.delete(dir.resolve(id.fileName()));
    if (!flaws.contains(Flaw.DELETE_NOT_DURABLE)) {
      syncDirectory();
    }
  }

  private synchronized boolean holds(SegmentId id) {
    return held.contains(id);
  }

  @Override
  public synchronized SegmentWriter create() throws IOException {
    checkUsable();
    if (exists()) {
      throw new WalExistsException(dir.toString());
    }
    becomeWriter();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      syncDirectory(dir.getParent());
    }
    if (flaws.contains(Flaw.CREATES_IN_PLACE)) {
      Path first = dir.resolve(SegmentId.FIRST.fileName());
      Writer writer =
          new Writer(
              this,
              FileChannel.open(
                  first,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE,
                  StandardOpenOption.READ),
              first,
              null,
              0);
      staged.add(writer);
      return writer;
    }
    return stage();
  }

  @Override
  public synchronized SegmentWriter allocate() throws IOException {
    checkUsable();
    if (WRITERS.get(key) != this) {
      throw new IllegalStateException("allocate needs the writer's lock");
    }
    return stage();
  }

  private Writer stage() throws IOException {
    Path file = dir.resolve("staged-" + stagedNames++ + ".tmp");
    FileChannel channel =
        flaws.contains(Flaw.STAGED_NOT_EMPTIED)
            ? FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ)
            : FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.READ,
                StandardOpenOption.TRUNCATE_EXISTING);
    Writer writer = new Writer(this, channel, file, null, 0);
    staged.add(writer);
    return writer;
  }

  @Override
  public synchronized SegmentWriter openTail(SegmentId id, long offset) throws IOException {
    checkUsable();
    if (!held.contains(id)) {
      throw new IllegalStateException(id + " is not locked");
    }
    Path file = dir.resolve(id.fileName());
    return new Writer(
        this,
        FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ),
        file,
        id,
        offset);
  }

  @Override
  public synchronized String backup(SegmentId id) throws IOException {
    String name = id.fileName() + ".broken";
    for (int n = 1;
        Files.exists(dir.resolve(name)) && !flaws.contains(Flaw.BACKUP_OVERWRITES);
        n++) {
      name = id.fileName() + ".broken." + n;
    }
    Path copy = dir.resolve(name);
    try (FileChannel out =
        FileChannel.open(
            copy,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(ByteBuffer.wrap(Files.readAllBytes(dir.resolve(id.fileName()))));
      if (!flaws.contains(Flaw.BACKUP_NOT_DURABLE)) {
        out.force(true);
      }
    }
    if (!flaws.contains(Flaw.BACKUP_NOT_DURABLE)) {
      syncDirectory();
    }
    return name;
  }

  @Override
  public synchronized void truncate(SegmentId id, long size) throws IOException {
    checkUsable();
    try (FileChannel channel =
        FileChannel.open(dir.resolve(id.fileName()), StandardOpenOption.WRITE)) {
      if (size < 0 || size > channel.size()) {
        throw new IllegalArgumentException("cannot truncate " + id + " to " + size);
      }
      channel.truncate(size);
      if (!flaws.contains(Flaw.TRUNCATE_NOT_DURABLE)) {
        channel.force(true);
      }
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Writer writer : new ArrayList<>(staged)) {
      writer.discard();
    }
    held.clear();
    Set<ReferenceStorage> holders = HOLDERS.get(key);
    if (holders != null) {
      holders.remove(this);
    }
    WRITERS.remove(key, this);
  }

  synchronized void publish(Writer writer, SegmentId id) throws IOException {
    checkUsable();
    Path target = dir.resolve(id.fileName());
    if (!writer.file.equals(target)) {
      if (Files.exists(target)) {
        throw new IllegalStateException(id + " exists already");
      }
      Files.move(writer.file, target, StandardCopyOption.ATOMIC_MOVE);
    }
    staged.remove(writer);
    held.add(id);
    HOLDERS.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(this);
    writer.file = target;
    try {
      syncDirectory();
    } catch (IOException e) {
      throw poison(e);
    }
  }

  synchronized void discarded(Writer writer) {
    staged.remove(writer);
  }

  private void syncDirectory() throws IOException {
    boolean skipped =
        flaws.contains(Flaw.SKIPS_DIRECTORY_SYNC)
            || (flaws.contains(Flaw.NO_SYNC_SKIPS_DIRECTORY_SYNCS) && options.unsafeNoSync());
    if (!skipped) {
      syncDirectory(dir);
    }
  }

  private static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  boolean has(Flaw flaw) {
    return flaws.contains(flaw);
  }

  synchronized IOException poison(IOException cause) {
    if (poison == null) {
      poison = cause;
    }
    return cause;
  }

  synchronized void checkUsable() throws WalClosedException {
    if (closed) {
      throw WalClosedException.closed();
    }
    if (poison != null) {
      throw WalClosedException.poisoned(poison);
    }
  }
}
