package io.github.jwal.tck.fs;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.github.jwal.faults.FaultPlan;
import io.github.jwal.tck.WriteFault;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A simulated disk for file-based backends: a {@link FileSystem} over Jimfs that remembers what was
 * made durable and can lose the rest in a simulated power loss, as LazyFS or Lucene's {@code
 * MockDirectoryWrapper} do for real disks.
 *
 * <p>The model. The live Jimfs is the page cache: every read sees every write. Beside it, a durable
 * image records, per file, its bytes as of its last {@code FileChannel.force}, and per directory,
 * its entries as of its last sync, which is {@code FileChannel.open(dir, READ).force(true)} (this
 * file system lets a directory be opened as a channel for that, as Linux does). A file is known by
 * its identity, not its name, so a rename moves its data and only a sync of the directory makes the
 * new name durable. {@link #crash} builds a fresh Jimfs from the durable image plus the part of the
 * unsynced writes and directory changes a {@link FaultPlan} keeps, and returns it: paths, channels
 * and locks of the file system before it are dead, their operations throw {@link IOException} and
 * closing them changes nothing.
 *
 * <p>Failures on demand: syncs that fail ({@link #failSyncsAfter}), a capacity that makes writes
 * and {@link java.nio.file.FileStore#getUsableSpace()} report a full disk ({@link #setCapacity}),
 * and a write that reports success but is lost or lands elsewhere ({@link #injectWriteFault}).
 *
 * <p>Limits: regular files and directories only (symbolic links are not kept by a crash), no memory
 * mapping, and a file's bytes are held whole in memory. {@code FileChannel.lock} never blocks: an
 * overlapping lock in this JVM throws {@link java.nio.channels.OverlappingFileLockException}, as
 * the JDK does; there is no other process to conflict with.
 *
 * <p>Thread-safe: every operation on the file system and the disk holds one lock.
 *
 * <pre>{@code
 * CrashableJimfs disk = CrashableJimfs.create();
 * Path dir = Files.createDirectories(disk.fileSystem().getPath("/data"));
 * disk.makeDurable();
 * // ... write a log in /data/wal through the file system ...
 * FileSystem after = disk.crash(FaultPlan.tear(512, FaultPlan.Fill.OLD), seed);
 * Path wal = after.getPath("/data/wal");   // what survived
 * }</pre>
 */
public final class CrashableJimfs implements Closeable {
  final Object lock = new Object();
  private final Configuration configuration;
  private Generation generation;
  private long capacity = Long.MAX_VALUE;
  private int syncsBeforeFailure = -1;
  private WriteFault writeFault;
  private Thread writeFaultThread;

  private CrashableJimfs(Configuration configuration) throws IOException {
    this.configuration = configuration;
    this.generation = new Generation(this, Jimfs.newFileSystem(configuration));
  }

  /** A disk with Jimfs's Unix configuration, holding only its root and working directories. */
  public static CrashableJimfs create() throws IOException {
    return create(Configuration.unix());
  }

  /** A disk with the given Jimfs configuration. */
  public static CrashableJimfs create(Configuration configuration) throws IOException {
    return new CrashableJimfs(Objects.requireNonNull(configuration, "configuration"));
  }

  /** The file system of the disk's present life: a new one after every crash. */
  public FileSystem fileSystem() {
    synchronized (lock) {
      return generation.fileSystem;
    }
  }

  /** Makes everything present durable, as a sync of every file and directory: for test setup. */
  public void makeDurable() throws IOException {
    synchronized (lock) {
      generation.checkAlive();
      generation.makeDurable();
    }
  }

  /** Whether any write or directory change is not yet durable. */
  public boolean hasUnsynced() throws IOException {
    synchronized (lock) {
      return generation.hasUnsynced();
    }
  }

  /**
   * Simulates a power loss, deterministically from {@code seed}: the same operations, plan and seed
   * leave the same files. Injected failures are cleared; the capacity stays.
   *
   * @return the file system the crash left, which {@link #fileSystem()} returns from now on
   */
  public FileSystem crash(FaultPlan plan, long seed) throws IOException {
    Objects.requireNonNull(plan, "plan");
    synchronized (lock) {
      Generation old = generation;
      old.dead = true;
      FileSystem fresh = Jimfs.newFileSystem(configuration);
      old.crashInto(fresh, plan, seed);
      generation = new Generation(this, fresh);
      old.locks.clear();
      old.jimfs.close();
      syncsBeforeFailure = -1;
      writeFault = null;
      writeFaultThread = null;
      return generation.fileSystem;
    }
  }

  /**
   * Lets the next {@code successfulSyncs} syncs (of files and directories) succeed and fails every
   * later one, making nothing durable, until {@link #clearFailures} or a crash.
   */
  public void failSyncsAfter(int successfulSyncs) {
    if (successfulSyncs < 0) {
      throw new IllegalArgumentException(
          "successfulSyncs must not be negative: " + successfulSyncs);
    }
    synchronized (lock) {
      syncsBeforeFailure = successfulSyncs;
    }
  }

  /**
   * Limits the bytes in regular files to {@code bytes} ({@link Long#MAX_VALUE}: no limit). A write
   * that would pass it fails whole, writing nothing. Survives crashes.
   */
  public void setCapacity(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("capacity must not be negative: " + bytes);
    }
    synchronized (lock) {
      capacity = bytes;
    }
  }

  /**
   * Makes the next non-empty write by the calling thread report success and reach the page cache,
   * but reach the disk as {@code fault} says: never, or 4096 bytes away (back if it can, else
   * forward).
   */
  public void injectWriteFault(WriteFault fault) {
    synchronized (lock) {
      writeFault = Objects.requireNonNull(fault, "fault");
      writeFaultThread = Thread.currentThread();
    }
  }

  /** Cancels injected sync and write failures; the capacity stays. */
  public void clearFailures() {
    synchronized (lock) {
      syncsBeforeFailure = -1;
      writeFault = null;
      writeFaultThread = null;
    }
  }

  /** Closes the present file system; the disk is unusable afterwards. */
  @Override
  public void close() throws IOException {
    synchronized (lock) {
      generation.dead = true;
      generation.jimfs.close();
    }
  }

  // For the file system's channels, under the lock.

  /** Throws the injected sync failure, or counts a successful sync. */
  void beforeSync(String what) throws IOException {
    if (syncsBeforeFailure == 0) {
      throw new IOException("injected sync failure of " + what + " on the simulated disk");
    }
    if (syncsBeforeFailure > 0) {
      syncsBeforeFailure--;
    }
  }

  /** The write fault that applies to this write, used up, or null. */
  WriteFault takeWriteFault() {
    if (writeFault == null || writeFaultThread != Thread.currentThread()) {
      return null;
    }
    WriteFault fault = writeFault;
    writeFault = null;
    writeFaultThread = null;
    return fault;
  }

  long capacity() {
    return capacity;
  }

  /** Bytes held by the live regular files. */
  long used(Generation of) throws IOException {
    long used = 0;
    for (Path root : of.jimfs.getRootDirectories()) {
      try (var files = Files.walk(root)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          if (Files.isRegularFile(file)) {
            used += Files.size(file);
          }
        }
      }
    }
    return used;
  }
}
