package io.github.jwal.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Seeded, shrinking simulations: many generated histories per run, each checked against a model of
 * what was acknowledged. A failure prints the seed, the shrunk history and how to replay it; read the
 * history from the top, the step that failed is named last.
 */
abstract class CrashSimulationTests extends KitTests {
  /** The class the replay hint names. */
  abstract String testClass();

  private Property property(String name, Generator.Kind kind, TckFixture fixture, int length) {
    return new Property(name, testClass(),
        new Generator(kind, fixture.capabilities(), length), fixture);
  }

  /**
   * C0: histories without crashes read back exactly after every reopen; a second writer is always
   * refused; a reader without a lock sees a prefix of the writes. When it fails without any crash or
   * failure in the history, look at the backend's segment listing, reader and openTail.
   */
  @Test
  void required_C0_historiesReadBackExactly() throws Exception {
    TckFixture fixture = newFixture();
    Coverage coverage = property("C0", Generator.Kind.HISTORY, fixture, 30).check(20);
    assertTrue(coverage.get(Coverage.SECOND_WRITERS) > 0, "no second writer was tried:\n" + coverage);
  }

  /**
   * C1: across crashes under every fault plan (some while syncs fail, so unsynced bytes are in
   * storage), every acknowledged entry and hard state survives, the recovered log is a prefix of
   * what was written, and the log opens again through repair. When it fails, check the backend's
   * sync (rule R1), publish (R2) and what its crash keeps of unsynced bytes.
   */
  @Test
  void required_C1_acknowledgedWritesSurviveCrashes() throws Exception {
    TckFixture fixture = newFixture();
    require(fixture, Capability.CRASH);
    Coverage coverage = property("C1", Generator.Kind.CRASHES, fixture, 60).check(60);
    assertTrue(coverage.get(Coverage.CRASHES) >= 500, "too few crashes:\n" + coverage);
    assertTrue(coverage.get(Coverage.UNSYNCED_TAIL) > 0, "no crash found unsynced bytes:\n" + coverage);
    assertTrue(coverage.get(Coverage.SEGMENT_BOUNDARY) > 0,
        "no crash came at a segment boundary:\n" + coverage);
    assertTrue(coverage.get(Coverage.SEGMENTS) > 0, "no segment was cut:\n" + coverage);
  }
}
