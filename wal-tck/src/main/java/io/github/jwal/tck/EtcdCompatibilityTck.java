package io.github.jwal.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.WalOptions;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * etcd compatibility, both directions, on the fixtures real etcd 3.4.23 wrote: a backend passes
 * when jwal over it reads etcd's logs as etcd does, and writes the same bytes etcd wrote for the
 * same calls. Differences jwal makes on purpose are listed in {@link EtcdReads}.
 *
 * <p>{@link WalTck} runs it as its {@code EtcdCompatibility} suite. To run only this suite, extend
 * it in your backend's tests and return your {@link TckBackend} from {@link #backend()}.
 */
public abstract class EtcdCompatibilityTck {
  /** For the backend's test class, which extends the suite. */
  protected EtcdCompatibilityTck() {}

  /** The backend under test. Called once per test. */
  protected abstract TckBackend backend();

  /**
   * E1: a log etcd wrote, loaded into the backend byte for byte, reads as etcd reads it. When it
   * fails, compare the message's mode and snapshot with the fixture's {@code expected.json}.
   */
  @TestFactory
  Stream<DynamicTest> required_E1_logsEtcdWroteReadAsEtcdReadsThem() {
    return eachFixture(
        fixture -> {
          EtcdReads.check(fixture, load(fixture));
          if (fixture.expected.get("repair") != null) {
            TckBackend backend = backend();
            EtcdReads.checkRepair(fixture, backend, loadInto(fixture, backend));
          }
        });
  }

  /**
   * E2: the fixture's operations, run through jwal on the backend with the same segment size, write
   * segments byte-identical to etcd's, up to the preallocated zero tail. When it fails, the first
   * differing offset usually points at a record's encoding or at the segment cut timing
   * (docs/writing.md, When a segment is cut).
   */
  @TestFactory
  Stream<DynamicTest> required_E2_operationsWriteTheBytesEtcdWrote() {
    return eachFixture(
        fixture -> {
          TckBackend backend = backend();
          Path location = backend.newLocation();
          OpsReplay.replay(fixture, backend, location);
          Map<SegmentId, byte[]> ours = BackendFiles.segments(backend, location);
          Map<SegmentId, byte[]> etcds = fixture.segments();
          assertEquals(etcds.keySet(), ours.keySet(), fixture.name + ": segment names");
          for (SegmentId id : etcds.keySet()) {
            assertSameUpToZeroTail(fixture.name + " " + id, etcds.get(id), ours.get(id));
          }
        });
  }

  /** E3: the log jwal wrote from the fixture's operations reads as etcd read its own. */
  @TestFactory
  Stream<DynamicTest> required_E3_logsJwalWroteReadAsEtcdReadsItsOwn() {
    return eachFixture(
        fixture -> {
          TckBackend backend = backend();
          Path location = backend.newLocation();
          OpsReplay.replay(fixture, backend, location);
          EtcdReads.check(fixture, OpsReplay.options(fixture, backend, location));
        });
  }

  /** One dynamic test per fixture of real etcd's, named for it. */
  private static Stream<DynamicTest> eachFixture(FixtureCheck check) {
    return EtcdFixture.names().stream()
        .map(name -> DynamicTest.dynamicTest(name, () -> check.on(EtcdFixture.load(name))));
  }

  @FunctionalInterface
  private interface FixtureCheck {
    void on(EtcdFixture fixture) throws Exception;
  }

  private WalOptions load(EtcdFixture fixture) throws IOException {
    TckBackend backend = backend();
    return OpsReplay.options(fixture, backend, loadInto(fixture, backend));
  }

  /** A new location holding the fixture's segments. */
  private static Path loadInto(EtcdFixture fixture, TckBackend backend) throws IOException {
    Path location = backend.newLocation();
    for (Map.Entry<SegmentId, byte[]> segment : fixture.segments().entrySet()) {
      backend.putSegment(location, segment.getKey(), segment.getValue());
    }
    return location;
  }

  private static void assertSameUpToZeroTail(String what, byte[] expected, byte[] actual) {
    int common = Math.min(expected.length, actual.length);
    for (int i = 0; i < common; i++) {
      if (expected[i] != actual[i]) {
        throw new AssertionError(
            what
                + ": first difference at offset "
                + i
                + " (etcd "
                + String.format("%02x", expected[i])
                + ", jwal "
                + String.format("%02x", actual[i])
                + ")");
      }
    }
    byte[] longer = expected.length > actual.length ? expected : actual;
    for (int i = common; i < longer.length; i++) {
      assertTrue(
          longer[i] == 0,
          what
              + ": non-zero byte at offset "
              + i
              + " past the other's end ("
              + (longer == expected ? "etcd's" : "jwal's")
              + " file is longer)");
    }
  }
}
