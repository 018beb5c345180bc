package io.github.jwal.jraft.contract;

import com.alipay.sofa.jraft.JRaftServiceFactory;
import io.github.jwal.jraft.testkit.HeapServiceFactory;
import org.junit.jupiter.api.Tag;

/**
 * The contract on the tests' heap storage, without RocksDB on the class path: a second reference
 * that differs from RocksDB where the suite allows it (what a re-append does to later entries, the
 * last index of an emptied log), so the suite is not RocksDB's description of itself.
 */
@Tag("without-rocksdb")
class HeapLogStorageContractTest extends LogStorageContractTest {
  @Override
  protected JRaftServiceFactory factory() {
    return new HeapServiceFactory();
  }
}
