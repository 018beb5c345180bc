package io.github.jwal.jraft.contract;

import com.alipay.sofa.jraft.JRaftServiceFactory;
import io.github.jwal.WalOptions;
import io.github.jwal.faults.FaultPlan;
import io.github.jwal.jraft.WalJRaftServiceFactory;
import io.github.jwal.memory.InMemoryStorageProvider;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

/**
 * The crash run on jwal's log storage over the in-memory backend: each crash is a power loss drawn
 * from jwal's fault model within its contract (unsynced bytes lost, kept, cut to a prefix or torn
 * at sector and page granularity), so what the storage synced is all that is sure to be there.
 */
@Tag("without-rocksdb")
class WalInMemoryCrashDurabilityTest extends CrashDurabilityTest {
  private static final List<FaultPlan> PLANS = FaultPlan.allWithinContract();

  @Override
  protected JRaftServiceFactory factory() {
    return new WalJRaftServiceFactory(
        path ->
            WalOptions.at(path)
                .withStorage(InMemoryStorageProvider.NAME)
                .withSegmentBytes(64 * 1024));
  }

  @Override
  protected void crash(String uri, long seed) {
    FaultPlan plan = PLANS.get((int) Math.floorMod(seed, (long) PLANS.size()));
    InMemoryStorageProvider.volume(Path.of(uri)).crash(plan, seed);
  }

  @AfterEach
  void forgetTheVolumes() {
    InMemoryStorageProvider.discardAll();
  }
}
