package io.github.jwal.memory;

import io.github.jwal.spi.SegmentId;
import io.github.jwal.tck.Capability;
import io.github.jwal.tck.FaultPlan;
import io.github.jwal.tck.TckFixture;
import io.github.jwal.tck.WriteFault;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-memory backend as the kit drives it: its volumes crash natively. It has no directories, so
 * a publish is durable when it returns and {@link FaultPlan#directories()} has nothing to drop.
 */
final class InMemoryFixture implements TckFixture {
  private static final AtomicInteger NEXT = new AtomicInteger();
  private final List<Path> locations = new ArrayList<>();

  @Override
  public String provider() {
    return InMemoryStorageProvider.NAME;
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.CRASH, Capability.FAILING_SYNC, Capability.DISK_FULL);
  }

  @Override
  public Path newLocation() {
    Path location = Path.of("/tck/log-" + NEXT.incrementAndGet());
    locations.add(location);
    return location;
  }

  @Override
  public void putSegment(Path location, SegmentId id, byte[] bytes) {
    InMemoryStorageProvider.volume(location).putSegment(id, bytes);
  }

  @Override
  public Path crash(Path location, FaultPlan plan, long seed) {
    InMemoryStorageProvider.volume(location).crash(crashPlan(plan), seed);
    return location;
  }

  /** The volume's plan for the same data outcome; it has no directory changes to lose. */
  static CrashPlan crashPlan(FaultPlan plan) {
    CrashPlan.Mode mode = switch (plan.data()) {
      case LOSE_UNSYNCED -> CrashPlan.Mode.LOSE_UNSYNCED;
      case KEEP_UNSYNCED -> CrashPlan.Mode.KEEP_UNSYNCED;
      case KEEP_PREFIX -> CrashPlan.Mode.KEEP_PREFIX;
      case KEEP_ANY_SUBSET -> CrashPlan.Mode.TEAR;
    };
    return new CrashPlan(mode, plan.granularity(), CrashPlan.Fill.valueOf(plan.fill().name()));
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
  public void injectWriteFault(Path location, WriteFault fault) {
    throw new UnsupportedOperationException("the in-memory volume cannot misplace a write");
  }

  @Override
  public void clearFailures(Path location) {
    InMemoryStorageProvider.volume(location).clearFailures();
  }

  @Override
  public void close() throws IOException {
    for (Path location : locations) {
      InMemoryStorageProvider.discard(location);
    }
  }
}
