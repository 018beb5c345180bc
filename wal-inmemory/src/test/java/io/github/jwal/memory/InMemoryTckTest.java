package io.github.jwal.memory;

import io.github.jwal.tck.TckFixture;
import io.github.jwal.tck.WalTck;

/** The whole kit on the in-memory backend, crashes included. */
class InMemoryTckTest extends WalTck {
  @Override
  protected TckFixture fixture() {
    return new InMemoryFixture();
  }
}
