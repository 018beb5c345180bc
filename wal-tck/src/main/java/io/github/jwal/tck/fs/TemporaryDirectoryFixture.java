package io.github.jwal.tck.fs;

import io.github.jwal.spi.SegmentId;
import io.github.jwal.tck.Capability;
import io.github.jwal.tck.TckFixture;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A ready {@link TckFixture} for a file-based backend on the real disk: each location is a new
 * directory under a temporary one, deleted when the fixture closes. A real disk cannot crash or
 * fail on demand, so this fixture runs the rules that need no such hook, plus those the backend's
 * declared {@code capabilities} allow; declare {@link Capability#CROSS_PROCESS_LOCKING} if its lock
 * excludes other processes. It reads backups ({@link Capability#READ_BACKUPS}) as {@code
 * <location>/<name>}. Pair it with {@link JimfsCrashFixture} for the crashes.
 *
 * <p>{@link #putSegment} writes {@code <location>/<segment file name>}, etcd's layout.
 */
public class TemporaryDirectoryFixture implements TckFixture {
  private final String provider;
  private final Set<Capability> capabilities;
  private Path root;
  private int next;

  /** A fixture for the provider of that name, declaring {@code capabilities}. */
  public TemporaryDirectoryFixture(String provider, Capability... capabilities) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.capabilities = EnumSet.of(Capability.READ_BACKUPS, capabilities);
  }

  @Override
  public String provider() {
    return provider;
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public Path newLocation() throws IOException {
    if (root == null) {
      root = Files.createTempDirectory("jwal-tck");
    }
    next++;
    return root.resolve("wal-" + next);
  }

  @Override
  public void putSegment(Path location, SegmentId id, byte[] bytes) throws IOException {
    Files.createDirectories(location);
    Files.write(location.resolve(id.fileName()), bytes);
  }

  /** Reads {@code <location>/<name>}, etcd's place for a backup. */
  @Override
  public byte[] readBackup(Path location, String name) throws IOException {
    Path backup = location.resolve(name);
    return Files.exists(backup) ? Files.readAllBytes(backup) : null;
  }

  @Override
  public void close() throws IOException {
    if (root == null) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException failure)
              throws IOException {
            if (failure != null) {
              throw failure;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
    root = null;
  }
}
