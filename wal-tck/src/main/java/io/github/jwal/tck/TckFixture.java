package io.github.jwal.tck;

import io.github.jwal.faults.FaultPlan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * A backend as the kit drives it: the provider to test, fresh locations, bytes put in place, and
 * the hooks that simulate crashes and failures. Return one from {@link WalTck#fixture()}; the kit
 * makes one per test and {@linkplain #close() closes} it after the test.
 *
 * <p>The hooks are optional: implement those your backend can honour and declare them in {@link
 * #capabilities()}. The kit calls a hook only when its {@link Capability} is declared; the defaults
 * throw {@link UnsupportedOperationException}.
 *
 * <p>The kit calls a fixture from one thread at a time.
 */
public interface TckFixture extends TckBackend, AutoCloseable {
  /** What the hooks below can do. Default: none. */
  default Set<Capability> capabilities() {
    return Set.of();
  }

  /**
   * Simulates a power loss at {@code location} ({@link Capability#CRASH}), as {@code plan} says for
   * whatever was not yet durable, with every random choice drawn from {@code seed}: the same
   * writes, plan and seed leave the same state.
   *
   * <p>Afterwards every storage, segment writer and reader opened at the location before the crash
   * is dead, as in a process that died: their calls fail with an {@link IOException}, closing them
   * changes nothing after the crash, and their locks are gone. Injected failures are cleared; the
   * capacity stays, it belongs to the disk.
   *
   * @return the location of the log from now on: {@code location} itself, or a path on the fresh
   *     file system the crash left (the Jimfs crash layer returns one)
   */
  default Path crash(Path location, FaultPlan plan, long seed) throws IOException {
    throw new UnsupportedOperationException("crash needs Capability.CRASH");
  }

  /**
   * Lets the next {@code successfulSyncs} syncs at {@code location} (of segments and of
   * directories) succeed and makes every later one fail with an {@link IOException} that makes
   * nothing durable, until {@link #clearFailures} or a crash ({@link Capability#FAILING_SYNC}).
   */
  default void failSyncs(Path location, int successfulSyncs) throws IOException {
    throw new UnsupportedOperationException("failSyncs needs Capability.FAILING_SYNC");
  }

  /**
   * Limits the bytes stored at {@code location} to {@code bytes}, {@link Long#MAX_VALUE} for no
   * limit ({@link Capability#DISK_FULL}). A write or preallocation that would pass the limit fails
   * with an {@link IOException} and stores nothing of it. Survives crashes.
   */
  default void setCapacity(Path location, long bytes) throws IOException {
    throw new UnsupportedOperationException("setCapacity needs Capability.DISK_FULL");
  }

  /**
   * Makes the next write at {@code location} by the calling thread report success but store its
   * bytes as {@code fault} says ({@link Capability#WRITE_FAULTS}).
   */
  default void injectWriteFault(Path location, WriteFault fault) throws IOException {
    throw new UnsupportedOperationException("injectWriteFault needs Capability.WRITE_FAULTS");
  }

  /**
   * The bytes of the backup named {@code name} ({@link io.github.jwal.spi.LogStorage#backup}
   * returned it) at {@code location} ({@link Capability#READ_BACKUPS}), or {@code null} if there is
   * none.
   */
  default byte[] readBackup(Path location, String name) throws IOException {
    throw new UnsupportedOperationException("readBackup needs Capability.READ_BACKUPS");
  }

  /** Cancels injected sync and write failures; the capacity stays. */
  default void clearFailures(Path location) throws IOException {
    throw new UnsupportedOperationException("clearFailures needs FAILING_SYNC or WRITE_FAULTS");
  }

  /**
   * Releases what the fixture made (volumes, file systems, temporary directories). Idempotent: the
   * simulations close the fixture of each case as soon as the case is done.
   */
  @Override
  default void close() throws IOException {}
}
