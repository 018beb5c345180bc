package io.github.jwal.jraft.contract;

import com.alipay.sofa.jraft.JRaftServiceFactory;
import com.alipay.sofa.jraft.core.DefaultJRaftServiceFactory;

/**
 * The contract on jraft's own {@code RocksDBLogStorage}, the storage jraft users run today: it
 * proves the suite asks nothing jraft's reference does not do (jraft's {@code
 * RocksDBLogStorageTest}).
 */
class RocksDBLogStorageContractTest extends LogStorageContractTest {
  @Override
  protected JRaftServiceFactory factory() {
    return DefaultJRaftServiceFactory.newInstance();
  }
}
