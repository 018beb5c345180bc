package io.github.jwal.jraft.contract;

import com.alipay.sofa.jraft.JRaftServiceFactory;
import io.github.jwal.WalOptions;
import io.github.jwal.jraft.WalJRaftServiceFactory;
import io.github.jwal.memory.InMemoryStorageProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

/** The contract on jwal's log storage, on the in-memory backend. */
@Tag("without-rocksdb")
class WalInMemoryLogStorageContractTest extends LogStorageContractTest {
  @Override
  protected JRaftServiceFactory factory() {
    return new WalJRaftServiceFactory(
        path ->
            WalOptions.at(path)
                .withStorage(InMemoryStorageProvider.NAME)
                .withSegmentBytes(256 * 1024));
  }

  @AfterEach
  void forgetTheVolumes() {
    InMemoryStorageProvider.discardAll();
  }
}
