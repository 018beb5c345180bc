package com.example.tinywal;

import io.github.jwal.tck.TckFixture;
import io.github.jwal.tck.WalTck;
import io.github.jwal.tck.fs.TemporaryDirectoryFixture;

/** The kit on the tiny backend in temporary directories of the real disk. */
class TinyTckTest extends WalTck {
  @Override
  protected TckFixture fixture() {
    return new TemporaryDirectoryFixture(TinyStorageProvider.NAME);
  }
}
