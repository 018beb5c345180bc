package io.github.jwal.jraft.contract;

import com.alipay.sofa.jraft.JRaftServiceFactory;
import io.github.jwal.WalOptions;
import io.github.jwal.jraft.WalJRaftServiceFactory;
import org.junit.jupiter.api.Tag;

/**
 * The contract on jwal's log storage, on the file-segment backend, without RocksDB on the class
 * path.
 */
@Tag("without-rocksdb")
class WalFileLogStorageContractTest extends LogStorageContractTest {
  @Override
  protected JRaftServiceFactory factory() {
    // Small segments, so that the cases cut, compact and purge segments as a long-lived log does.
    return new WalJRaftServiceFactory(
        path -> WalOptions.at(path).withStorage("file").withSegmentBytes(256 * 1024));
  }
}
