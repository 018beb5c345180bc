package io.github.jwal.tck;

import io.github.jwal.WalOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.function.Executable;

/** What every suite of the kit shares: a fixture per test and the capability check. */
abstract class KitTests {
  private TestReporter reporter;

  /** A fresh fixture for this test; the kit closes it afterwards. */
  abstract TckFixture newFixture() throws IOException;

  @BeforeEach
  void keepReporter(TestReporter testReporter) {
    this.reporter = testReporter;
  }

  /**
   * The test, as one dynamic test, if the fixture declares every capability in {@code needs}; no
   * test otherwise. A rule the backend cannot be checked on is not run, rather than reported as
   * skipped, and the report entry {@code jwal-tck not run} says which capability it lacked.
   */
  Stream<DynamicTest> onlyWith(TckFixture fixture, Set<Capability> needs, Executable test) {
    Set<Capability> missing = EnumSet.copyOf(needs);
    missing.removeAll(fixture.capabilities());
    if (!missing.isEmpty()) {
      reporter.publishEntry("jwal-tck not run", "the fixture does not declare " + missing);
      return Stream.empty();
    }
    return Stream.of(DynamicTest.dynamicTest("with " + needs, test));
  }

  static WalOptions options(TckFixture fixture, Path location, long segmentBytes) {
    return fixture.options(location).withStorage(fixture.provider()).withSegmentBytes(segmentBytes);
  }
}
