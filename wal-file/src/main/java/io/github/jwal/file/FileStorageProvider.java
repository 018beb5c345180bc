package io.github.jwal.file;

import com.google.auto.service.AutoService;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.LogStorageProvider;
import io.github.jwal.spi.StorageOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Stores a log as segment files in a directory, byte for byte and name for name as etcd does, so
 * that etcd and jwal read each other's logs. Works on any {@link Path}: the default filesystem and
 * in-memory ones such as Jimfs (where syncs and locks cannot be real).
 *
 * <h2>Layout</h2>
 *
 * The location is the log's directory. It holds the segments {@code %016x-%016x.wal} (mode 0600;
 * the directory 0700, where the filesystem has POSIX permissions), the spare segment {@code 0.tmp}
 * or {@code 1.tmp} while a writer has the log open, the writer's lock file {@value
 * #WRITER_LOCK_FILE}, and backups {@code <segment>.broken} (then {@code .broken.1}, {@code
 * .broken.2}…). Other files are ignored. Creating a log stages it in the sibling directory {@code
 * <dir>.tmp}; if making the new log durable fails, it is moved to {@code
 * <dir>.broken.<yyyyMMdd.HHmmss.SSSSSS>}. Unlike etcd, creation refuses a target directory that
 * holds any file instead of deleting it.
 *
 * <h2>What survives a crash</h2>
 *
 * <ul>
 *   <li>Bytes written to a segment before its writer's {@code sync()} returned ({@code fdatasync}
 *       through {@code FileChannel.force(false)}).
 *   <li>A segment whose {@code publish} returned: the rename is followed by a sync of the
 *       directory. Before that, a cut's segment may survive only as {@code N.tmp}, which is reused
 *       and emptied.
 *   <li>A created log exists after a crash whole or not at all: it appears by one rename of its
 *       staging directory, followed by a sync of the parent directory.
 *   <li>Where the platform cannot sync a directory from Java (Windows) that step is skipped. {@code
 *       StorageOptions.unsafeNoSync} skips the syncs of segment data only ({@code sync()} and the
 *       sync in {@code seal()}); directory syncs, truncates and backups stay durable (rule R13,
 *       docs/tck-rules.md).
 * </ul>
 *
 * <h2>Locks</h2>
 *
 * One writer, ever: a writer holds the OS lock ({@code FileChannel.tryLock}) of the log's {@value
 * #WRITER_LOCK_FILE} from before it lists the segments until it closes, through every cut, release,
 * purge and repair; a second writer, in this process or another, fails with {@link
 * io.github.jwal.WalLockedException} before it reads or changes anything. A create stages the lock
 * file with the first segment, and the rename that publishes the log carries the lock along.
 * Besides, as etcd does, a writer holds an OS lock on each segment it has not released, so that
 * etcd's purge (which try-locks) leaves them alone. Readers take no lock, and reading a segment
 * this process holds never drops its lock. Closing a segment writer keeps its segment locked (until
 * {@code release} or {@code close} of the storage); closing a writer whose segment was never
 * published deletes that segment (or, for a create, the staging directory).
 *
 * <h2>Failures</h2>
 *
 * A failed write or sync poisons the storage: every later write, sync, publish, seal, truncate or
 * allocation throws {@link io.github.jwal.WalClosedException} ({@code isPoisoned()}) until the log
 * is reopened. A failed preallocation of the next segment is thrown by {@code allocate()} and
 * retried by the next call. Missing directories, a location that is a regular file and unreadable
 * directories are reported as {@link IOException}s naming the path.
 *
 * <h2>Threads</h2>
 *
 * This provider is thread-safe. A storage serves one caller thread at a time, as the SPI says, and
 * runs one daemon thread, started when it becomes a writer, that preallocates the next segment; the
 * preallocation strategy is {@link Preallocation}.
 */
@AutoService(LogStorageProvider.class)
public final class FileStorageProvider implements LogStorageProvider {
  /** The provider's name, for {@code jwal.storage} or an explicit choice. */
  public static final String NAME = "file";

  /**
   * The file in a log's directory whose OS lock makes a storage the log's one writer, for the
   * writer's whole life. It is never deleted (deleting a lock file lets two writers lock two
   * files), and holds no data. The {@code .tmp} ending makes etcd's reader pass over it silently,
   * as it does the pipeline's spares.
   */
  public static final String WRITER_LOCK_FILE = "jwal.lock.tmp";

  /** Above the in-memory backend's, so that a caller who names none gets files. */
  public static final int PRIORITY = 100;

  private final Preallocation preallocation;

  /**
   * A provider that preallocates as the system property {@value Preallocation#PROPERTY} says, read
   * when each storage is opened, else as {@link Preallocation#DEFAULT}. Used by {@code
   * ServiceLoader}.
   */
  public FileStorageProvider() {
    this.preallocation = null;
  }

  /**
   * A provider that preallocates segments with {@code preallocation}, whatever the property says.
   */
  public FileStorageProvider(Preallocation preallocation) {
    this.preallocation = Objects.requireNonNull(preallocation, "preallocation");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return PRIORITY;
  }

  /**
   * Opens the log in the directory {@code location}, which need not exist yet.
   *
   * @throws NotDirectoryException if {@code location} is a file
   * @throws IllegalArgumentException if {@code location} is a filesystem root, which has no sibling
   *     to stage a creation in, or {@value Preallocation#PROPERTY} names no strategy
   */
  @Override
  public LogStorage open(Path location, StorageOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    Path dir = location.toAbsolutePath().normalize();
    if (dir.getFileName() == null || dir.getParent() == null) {
      throw new IllegalArgumentException("a log cannot be a filesystem root: " + location);
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new NotDirectoryException(dir.toString());
    }
    Preallocation strategy =
        preallocation != null ? preallocation : Preallocation.fromSystemProperty();
    return new FileLogStorage(
        dir,
        options,
        Preallocator.forFileSystem(strategy, dir.getFileSystem()),
        DirectorySync.probing(),
        FileRegistry.PROCESS);
  }

  @Override
  public String toString() {
    return NAME
        + " storage ("
        + (preallocation != null ? preallocation : "preallocation from " + Preallocation.PROPERTY)
        + ")";
  }
}
