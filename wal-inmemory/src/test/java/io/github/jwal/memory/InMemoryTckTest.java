package io.github.jwal.memory;

import io.github.jwal.faults.FaultPlan;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.tck.Capability;
import io.github.jwal.tck.TckFixture;
import io.github.jwal.tck.WalTck;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The whole kit on the in-memory backend, whose volumes crash natively. */
class InMemoryTckTest extends WalTck {
  @Override
  protected TckFixture fixture() {
    return new InMemoryFixture();
  }

  /**
   * The in-memory backend as the kit drives it. It has no directories: a publish is durable at
   * once.
   */
  static final class InMemoryFixture implements TckFixture {
    private final List<Path> locations = new ArrayList<>();

    @Override
    public String provider() {
      return InMemoryStorageProvider.NAME;
    }

    @Override
    public Set<Capability> capabilities() {
      return EnumSet.of(
          Capability.CRASH, Capability.FAILING_SYNC, Capability.DISK_FULL, Capability.READ_BACKUPS);
    }

    @Override
    public Path newLocation() {
      Path location = Path.of("/tck", UUID.randomUUID().toString());
      locations.add(location);
      return location;
    }

    @Override
    public void putSegment(Path location, SegmentId id, byte[] bytes) {
      InMemoryStorageProvider.volume(location).putSegment(id, bytes);
    }

    @Override
    public Path crash(Path location, FaultPlan plan, long seed) {
      InMemoryStorageProvider.volume(location).crash(plan, seed);
      return location;
    }

    @Override
    public byte[] readBackup(Path location, String name) {
      return InMemoryStorageProvider.volume(location).backup(name);
    }

    @Override
    public void failSyncs(Path location, int successfulSyncs) {
      InMemoryStorageProvider.volume(location).failSyncsAfter(successfulSyncs);
    }

    @Override
    public void setCapacity(Path location, long bytes) {
      InMemoryStorageProvider.volume(location).setCapacity(bytes);
    }

    @Override
    public void clearFailures(Path location) {
      InMemoryStorageProvider.volume(location).clearFailures();
    }

    @Override
    public void close() {
      locations.forEach(InMemoryStorageProvider::discard);
    }
  }
}
