package io.github.jwal.tck;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jwal.WalOptions;
import java.io.IOException;
import java.nio.file.Path;

/** What every suite of the kit shares: a fixture per test and the capability check. */
abstract class KitTests {
  /** A fresh fixture for this test; the kit closes it afterwards. */
  abstract TckFixture newFixture() throws IOException;

  /** Skips the test, saying why, unless the fixture declares {@code capability}. */
  static void require(TckFixture fixture, Capability capability) {
    assumeTrue(fixture.capabilities().contains(capability),
        () -> "skipped: the fixture does not declare Capability." + capability);
  }

  static WalOptions options(TckFixture fixture, Path location, long segmentBytes) {
    return WalOptions.at(location).withStorage(fixture.provider()).withSegmentBytes(segmentBytes);
  }
}
