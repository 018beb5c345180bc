package io.github.jwal.jraft.contract;

import com.alipay.sofa.jraft.JRaftServiceFactory;
import io.github.jwal.jraft.testkit.HeapServiceFactory;
import org.junit.jupiter.api.Tag;

/**
 * The crash run on the heap reference, whose every write is "synced" (a crash only abandons the
 * storage object without shutting it down): it proves the workload and its model, not a storage's
 * durability.
 */
@Tag("without-rocksdb")
class HeapCrashDurabilityTest extends CrashDurabilityTest {
  @Override
  protected JRaftServiceFactory factory() {
    return new HeapServiceFactory();
  }

  @Override
  protected void crash(String uri, long seed) {}
}
