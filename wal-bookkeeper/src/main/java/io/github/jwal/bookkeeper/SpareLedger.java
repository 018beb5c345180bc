package io.github.jwal.bookkeeper;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.bookkeeper.client.api.WriteHandle;

/**
 * The ledger the writer's next segment (or reopened tail) goes to, created ahead in the background,
 * as the file backend keeps its next segment ready: creating a ledger is a ZooKeeper write of
 * BookKeeper's (an id, then the ledger's metadata), and taking the spare spares the cut and the
 * save before it that wait. A spare that is never used is deleted when the storage closes; one a
 * crash left is an unreferenced ledger, tagged with the log (see {@link Ledgers}).
 *
 * <p>Not thread-safe: the storage calls it under its own lock.
 */
final class SpareLedger {
  private final Ledgers ledgers;
  private CompletableFuture<WriteHandle> next;

  SpareLedger(Ledgers ledgers) {
    this.ledgers = ledgers;
  }

  /** Starts creating the spare, unless one is on its way. */
  void prepare() {
    if (next == null) {
      next = ledgers.create();
    }
  }

  /**
   * The spare, once created, and the next one started. If creating it failed, one more attempt is
   * made now, so that a passing failure costs one call.
   */
  WriteHandle take() throws IOException {
    prepare();
    CompletableFuture<WriteHandle> taken = next;
    next = null;
    WriteHandle handle;
    if (taken.isCompletedExceptionally()) {
      handle = ledgers.await(ledgers.create(), "creating a ledger");
    } else {
      handle = ledgers.await(taken, "creating a ledger");
    }
    prepare();
    return handle;
  }

  /** Deletes the spare, now or once it is created. */
  void discard() {
    CompletableFuture<WriteHandle> dropped = next;
    next = null;
    if (dropped != null) {
      dropped.thenAccept(
          handle -> {
            handle.closeAsync().whenComplete((ok, failed) -> ledgers.delete(handle.getId()));
          });
    }
  }
}
