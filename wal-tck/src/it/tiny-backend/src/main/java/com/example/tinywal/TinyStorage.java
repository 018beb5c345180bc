package com.example.tinywal;

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
 * Segments {@code <seq>-<index>.wal} in one directory. The writer's lock is a map of this process
 * (the example needs no other): one writer per directory, from {@code lock} or {@code create} to
 * {@code close}. A staged segment is {@code staged-N.tmp}; publishing renames it atomically and syncs
 * the directory.
 */
final class TinyStorage implements LogStorage {
  private static final Map<List<Object>, TinyStorage> WRITERS = new ConcurrentHashMap<>();

  private final Path dir;
  private final StorageOptions options;
  private final List<Object> key;
  private final Set<SegmentId> held = new HashSet<>();
  private final List<Writer> staged = new ArrayList<>();
  private int stagedNames;
  private IOException poison;
  private boolean closed;

  TinyStorage(Path dir, StorageOptions options) {
    this.dir = dir;
    this.options = options;
    this.key = List.of(dir.getFileSystem(), dir.toString());
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
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.wal")) {
        files.forEach(file -> SegmentId.parse(file.getFileName().toString()).ifPresent(ids::add));
      }
    }
    ids.sort(null);
    return ids;
  }

  @Override
  public SegmentReader openReader(SegmentId id) throws IOException {
    FileChannel channel = FileChannel.open(file(id), StandardOpenOption.READ);
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
        int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, size - position)), position);
        position += Math.max(n, 0);
        return n;
      }

      @Override
      public int readAt(long at, byte[] b, int off, int len) throws IOException {
        ByteBuffer dst = ByteBuffer.wrap(b, off, len);
        while (dst.hasRemaining() && channel.read(dst, at + dst.position() - off) >= 0) {
          // a positional read may return fewer bytes than asked before the end
        }
        int n = dst.position() - off;
        return n == 0 && len > 0 ? -1 : n;
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }

  @Override
  public synchronized void lock() throws IOException {
    checkUsable();
    if (!exists()) {
      throw new WalNotFoundException("no segments in " + dir);
    }
    becomeWriter();
  }

  @Override
  public synchronized void hold(List<SegmentId> ids) throws IOException {
    if (WRITERS.get(key) != this) {
      throw new IllegalStateException("hold before lock on " + dir);
    }
    for (SegmentId id : ids) {
      if (!Files.exists(file(id))) {
        throw new NoSuchFileException(file(id).toString());
      }
    }
    held.addAll(ids);
  }

  @Override
  public synchronized void release(SegmentId id) {
    held.remove(id);
  }

  @Override
  public synchronized void delete(SegmentId id) throws IOException {
    checkUsable();
    TinyStorage writer = WRITERS.get(key);
    if (writer != null && writer.holds(id)) {
      throw new WalLockedException(file(id).toString());
    }
    Files.delete(file(id));
    syncDirectory(dir);
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
    return stage();
  }

  @Override
  public synchronized SegmentWriter allocate() throws IOException {
    checkUsable();
    if (WRITERS.get(key) != this) {
      throw new IllegalStateException("allocate before lock on " + dir);
    }
    return stage();
  }

  @Override
  public synchronized SegmentWriter openTail(SegmentId id, long offset) throws IOException {
    checkUsable();
    if (!held.contains(id)) {
      throw new IllegalStateException(id + " is not held");
    }
    Writer tail = new Writer(FileChannel.open(file(id), StandardOpenOption.WRITE), file(id), id);
    tail.position = offset;
    return tail;
  }

  @Override
  public synchronized String backup(SegmentId id) throws IOException {
    checkUsable();
    String name = id.fileName() + ".broken";
    for (int n = 1; Files.exists(dir.resolve(name)); n++) {
      name = id.fileName() + ".broken." + n;
    }
    Path copy = Files.copy(file(id), dir.resolve(name));
    try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    syncDirectory(dir);
    return name;
  }

  @Override
  public synchronized void truncate(SegmentId id, long size) throws IOException {
    checkUsable();
    try (FileChannel channel = FileChannel.open(file(id), StandardOpenOption.WRITE)) {
      if (size < 0 || size > channel.size()) {
        throw new IllegalArgumentException("cannot truncate " + id + " to " + size);
      }
      channel.truncate(size);
      channel.force(true);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    for (Writer writer : new ArrayList<>(staged)) {
      writer.close();
    }
    held.clear();
    WRITERS.remove(key, this);
  }

  private void becomeWriter() throws WalLockedException {
    TinyStorage writer = WRITERS.putIfAbsent(key, this);
    if (writer != null && writer != this) {
      throw new WalLockedException(dir.toString());
    }
  }

  private synchronized boolean holds(SegmentId id) {
    return held.contains(id);
  }

  private Writer stage() throws IOException {
    Path file = dir.resolve("staged-" + stagedNames++ + ".tmp");
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    Writer writer = new Writer(channel, file, null);
    staged.add(writer);
    return writer;
  }

  private synchronized void publish(Writer writer, SegmentId id) throws IOException {
    checkUsable();
    Files.move(writer.file, file(id), StandardCopyOption.ATOMIC_MOVE);
    staged.remove(writer);
    writer.file = file(id);
    held.add(id);
    syncDirectory(dir);
  }

  private synchronized IOException poisoned(IOException cause) {
    if (poison == null) {
      poison = cause;
    }
    return cause;
  }

  private synchronized void checkUsable() throws WalClosedException {
    if (closed) {
      throw WalClosedException.closed();
    }
    if (poison != null) {
      throw WalClosedException.poisoned(poison);
    }
  }

  private Path file(SegmentId id) {
    return dir.resolve(id.fileName());
  }

  /**
   * Makes the directory's entries durable, as Linux (and the kit's crash layer) allow. Done even
   * under {@code unsafeNoSync}, which skips data syncs only.
   */
  private static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** Appends to one segment with positional writes. */
  private final class Writer implements SegmentWriter {
    private final FileChannel channel;
    private Path file;
    private SegmentId id;
    private long position;

    Writer(FileChannel channel, Path file, SegmentId id) {
      this.channel = channel;
      this.file = file;
      this.id = id;
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
      try {
        ByteBuffer bytes = ByteBuffer.wrap(b, off, len);
        while (bytes.hasRemaining()) {
          position += channel.write(bytes, position);
        }
      } catch (IOException e) {
        throw poisoned(e);
      }
    }

    @Override
    public void sync() throws IOException {
      checkUsable();
      if (options.unsafeNoSync()) {
        return;
      }
      try {
        channel.force(false);
      } catch (IOException e) {
        throw poisoned(e);
      }
    }

    @Override
    public void publish(SegmentId newId) throws IOException {
      if (id != null) {
        throw new IllegalStateException(id + " is published already");
      }
      TinyStorage.this.publish(this, newId);
      id = newId;
    }

    @Override
    public void seal() throws IOException {
      checkUsable();
      try {
        channel.truncate(position);
        channel.force(false);
      } catch (IOException e) {
        throw poisoned(e);
      }
    }

    @Override
    public void close() throws IOException {
      channel.close();
      if (id == null && staged.remove(this)) {
        Files.deleteIfExists(file);
      }
    }
  }
}
