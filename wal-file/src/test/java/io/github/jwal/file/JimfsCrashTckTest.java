package io.github.jwal.file;

import io.github.jwal.tck.TckFixture;
import io.github.jwal.tck.WalTck;
import io.github.jwal.tck.fs.JimfsCrashFixture;

/** The whole kit on the file backend over the kit's crash layer: crashes, failures and all. */
class JimfsCrashTckTest extends WalTck {
  @Override
  protected TckFixture fixture() {
    return new JimfsCrashFixture(FileStorageProvider.NAME);
  }
}
