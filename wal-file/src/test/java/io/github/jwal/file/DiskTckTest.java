package io.github.jwal.file;

import io.github.jwal.tck.Capability;
import io.github.jwal.tck.TckFixture;
import io.github.jwal.tck.WalTck;
import io.github.jwal.tck.fs.TemporaryDirectoryFixture;

/**
 * The kit on the real file system: everything but crashes and injected failures, which a real disk
 * cannot simulate, plus locking against another process.
 */
class DiskTckTest extends WalTck {
  @Override
  protected TckFixture fixture() {
    return new TemporaryDirectoryFixture(
        FileStorageProvider.NAME, Capability.CROSS_PROCESS_LOCKING);
  }
}
