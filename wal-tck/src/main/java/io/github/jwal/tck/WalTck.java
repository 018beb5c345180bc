package io.github.jwal.tck;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The compatibility kit for a {@link io.github.jwal.spi.LogStorageProvider}: extend it in your
 * backend's tests, implement {@link #fixture()}, and run {@code mvn test}.
 *
 * <pre>{@code
 * class MyBackendTckTest extends WalTck {
 *   @Override
 *   protected TckFixture fixture() {
 *     return new MyBackendFixture();   // provider name, fresh locations, crash and failure hooks
 *   }
 * }
 * }</pre>
 *
 * <p>The suites, each a {@link Nested} class with tests named for the {@link Rule} they check
 * ({@code required_…} must pass; {@code optional_…} checks what the contract allows a backend to do
 * better); a failure names its rule first:
 *
 * <ul>
 *   <li>{@link StorageContract}: the SPI's durability contract, rules R1–R14;
 *   <li>{@link WalContract}: the engine's semantics over the backend, W1–W19;
 *   <li>{@link IndexedLogContract}: reads by index, truncation at both ends and appends at indexes
 *       the log assigns, W20–W24;
 *   <li>{@link CrashSimulation}: seeded, shrinking simulations of histories with crashes and
 *       failures, C0–C6;
 *   <li>{@link EtcdCompatibility}: logs written by real etcd read back, and the same bytes written,
 *       E1–E3.
 * </ul>
 *
 * A test that needs a {@link Capability} the fixture does not declare is not run: it runs as a
 * dynamic test only where the capability is declared, and otherwise publishes the report entry
 * {@code jwal-tck not run} naming it. Randomness is seeded: a fixed default, {@code
 * -Djwal.tck.seed=…} to replay a printed case, {@code -Djwal.tck.scale=10} for ten times more
 * cases.
 */
@ExtendWith(RuleCitation.class)
public abstract class WalTck {
  private final List<TckFixture> fixtures = new ArrayList<>();

  /** For the backend's test class, which extends the kit. */
  protected WalTck() {}

  /**
   * A new fixture for one test. The kit closes it after the test, so it may hold resources (file
   * systems, temporary directories, volumes).
   */
  protected abstract TckFixture fixture() throws IOException;

  final TckFixture openFixture() throws IOException {
    TckFixture fixture = fixture();
    fixtures.add(fixture);
    return fixture;
  }

  @AfterEach
  final void closeFixtures() throws IOException {
    IOException failure = null;
    for (TckFixture fixture : fixtures) {
      try {
        fixture.close();
      } catch (IOException e) {
        failure = e;
      }
    }
    fixtures.clear();
    if (failure != null) {
      throw failure;
    }
  }

  /** The storage SPI's durability contract, rule by rule: see {@link StorageContractTests}. */
  @Nested
  class StorageContract extends StorageContractTests {
    @Override
    TckFixture newFixture() throws IOException {
      return openFixture();
    }
  }

  /** The engine's semantics over the backend: see {@link WalContractTests}. */
  @Nested
  class WalContract extends WalContractTests {
    @Override
    TckFixture newFixture() throws IOException {
      return openFixture();
    }
  }

  /** The log a raft engine runs on, read by index: see {@link IndexedLogContractTests}. */
  @Nested
  class IndexedLogContract extends IndexedLogContractTests {
    @Override
    TckFixture newFixture() throws IOException {
      return openFixture();
    }
  }

  /**
   * Seeded simulations of histories with crashes and failures: see {@link CrashSimulationTests}.
   */
  @Nested
  class CrashSimulation extends CrashSimulationTests {
    @Override
    TckFixture newFixture() throws IOException {
      return openFixture();
    }

    @Override
    String testClass() {
      return WalTck.this.getClass().getName();
    }
  }

  /** etcd compatibility on the fixtures real etcd wrote: see {@link EtcdCompatibilityTck}. */
  @Nested
  class EtcdCompatibility extends EtcdCompatibilityTck {
    @Override
    protected TckBackend backend() {
      try {
        return openFixture();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
