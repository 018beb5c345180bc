package com.example.tinywal;

import io.github.jwal.tck.TckFixture;
import io.github.jwal.tck.WalTck;
import io.github.jwal.tck.fs.JimfsCrashFixture;

/** The whole kit on the tiny backend over the kit's crash layer: crashes, failures and all. */
class TinyTckTest extends WalTck {
  @Override
  protected TckFixture fixture() {
    return new JimfsCrashFixture(TinyStorageProvider.NAME);
  }
}
