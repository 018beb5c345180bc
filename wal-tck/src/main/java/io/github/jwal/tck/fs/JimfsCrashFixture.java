package io.github.jwal.tck.fs;

import io.github.jwal.faults.FaultPlan;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.tck.Capability;
import io.github.jwal.tck.TckFixture;
import io.github.jwal.tck.WriteFault;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A ready {@link TckFixture} for a file-based backend whose provider works on any {@link
 * java.nio.file.Path}: each location is the directory {@code /data/wal} on its own {@link
 * CrashableJimfs} disk, so the kit can crash it, fail its syncs, fill it and misplace its writes.
 * Its parent directory exists and is durable before the backend sees it. Every location has the
 * same path, on its own disk, so that a crash with a given seed tears the same way wherever it
 * runs: a shrunk history replays the failure it was shrunk from.
 *
 * <p>{@link #putSegment} writes {@code <location>/<segment file name>}, etcd's layout; override
 * {@link #segmentFile} if your backend lays segments out otherwise.
 */
public class JimfsCrashFixture implements TckFixture {
  private final String provider;
  private final Map<FileSystem, CrashableJimfs> disks = new HashMap<>();

  /** A fixture for the provider of that name. */
  public JimfsCrashFixture(String provider) {
    this.provider = Objects.requireNonNull(provider, "provider");
  }

  @Override
  public String provider() {
    return provider;
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(
        Capability.CRASH,
        Capability.FAILING_SYNC,
        Capability.DISK_FULL,
        Capability.WRITE_FAULTS,
        Capability.READ_BACKUPS);
  }

  @Override
  public Path newLocation() throws IOException {
    CrashableJimfs disk = CrashableJimfs.create();
    Path location = disk.fileSystem().getPath("/data/wal");
    Files.createDirectories(location.getParent());
    disk.makeDurable();
    disks.put(disk.fileSystem(), disk);
    return location;
  }

  /** The disk that holds {@code location}. */
  public CrashableJimfs disk(Path location) {
    CrashableJimfs disk = disks.get(location.getFileSystem());
    if (disk == null) {
      throw new IllegalArgumentException("not a location of this fixture: " + location);
    }
    return disk;
  }

  /** Where the segment's bytes live: {@code <location>/<id.fileName()>} by default. */
  protected Path segmentFile(Path location, SegmentId id) {
    return location.resolve(id.fileName());
  }

  /** Writes the file and makes the whole disk durable. */
  @Override
  public void putSegment(Path location, SegmentId id, byte[] bytes) throws IOException {
    Path file = segmentFile(location, id);
    Files.createDirectories(file.getParent());
    try (FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.WRITE,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(java.nio.ByteBuffer.wrap(bytes));
    }
    disk(location).makeDurable();
  }

  /** Reads {@code <location>/<name>}, etcd's place for a backup. */
  @Override
  public byte[] readBackup(Path location, String name) throws IOException {
    Path backup = location.resolve(name);
    return Files.exists(backup) ? Files.readAllBytes(backup) : null;
  }

  @Override
  public Path crash(Path location, FaultPlan plan, long seed) throws IOException {
    CrashableJimfs disk = disk(location);
    disks.remove(location.getFileSystem());
    FileSystem after = disk.crash(plan, seed);
    disks.put(after, disk);
    return after.getPath(location.toString());
  }

  @Override
  public void failSyncs(Path location, int successfulSyncs) {
    disk(location).failSyncsAfter(successfulSyncs);
  }

  @Override
  public void setCapacity(Path location, long bytes) {
    disk(location).setCapacity(bytes);
  }

  @Override
  public void injectWriteFault(Path location, WriteFault fault) {
    disk(location).injectWriteFault(fault);
  }

  @Override
  public void clearFailures(Path location) {
    disk(location).clearFailures();
  }

  @Override
  public void close() throws IOException {
    for (CrashableJimfs disk : Set.copyOf(disks.values())) {
      disk.close();
    }
    disks.clear();
  }
}
