package io.github.jwal.bookkeeper;

import io.github.jwal.WalException;
import io.github.jwal.WalLockedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.bookkeeper.client.api.BKException;
import org.apache.bookkeeper.client.api.BookKeeper;
import org.apache.bookkeeper.client.api.ReadHandle;
import org.apache.bookkeeper.client.api.WriteHandle;

/**
 * The ledger operations of one log, on a shared client, with the log's quorums, digest and
 * password, and BookKeeper's failures turned into the SPI's exceptions naming the log: a fenced
 * ledger is {@link WalLockedException} (another writer has the log), a ledger that is gone is
 * {@link NoSuchFileException}, anything else is a {@link WalException} that says what failed.
 *
 * <p>Every ledger is tagged ({@code application=jwal}, {@code jwal/log=<location>}), as Pulsar tags
 * its own, so that a ledger a crash left unreferenced (created, never published) can be found and
 * deleted ({@link LeakedLedgers}).
 *
 * <p>Thread-safe.
 */
final class Ledgers {
  private static final System.Logger LOG = System.getLogger(Ledgers.class.getName());

  /** The custom metadata every ledger carries: {@code application=jwal}, {@code jwal/log=<uri>}. */
  static final String APPLICATION_KEY = "application";

  static final String APPLICATION = "jwal";
  static final String LOG_KEY = "jwal/log";

  private final BookKeeper client;
  private final ClosedLedgers closed;
  private final BookKeeperSettings settings;
  private final BookKeeperLocation where;

  Ledgers(
      BookKeeper client,
      ClosedLedgers closed,
      BookKeeperSettings settings,
      BookKeeperLocation where) {
    this.client = client;
    this.closed = closed;
    this.settings = settings;
    this.where = where;
  }

  BookKeeperSettings settings() {
    return settings;
  }

  BookKeeperLocation where() {
    return where;
  }

  /**
   * Creates a ledger to append to. With fewer bookies available than the ensemble, the ledger gets
   * the ones there are, down to the ack quorum (ensemble and write quorum both shrink): every entry
   * is still acknowledged by the ack quorum, as it is on a full ensemble, and a writer goes on
   * through a lost bookie at a cut as BookKeeper's ensemble change lets it go on within a ledger.
   */
  CompletableFuture<WriteHandle> create() {
    return create(settings.ensembleSize(), settings.writeQuorumSize());
  }

  private CompletableFuture<WriteHandle> create(int ensemble, int writeQuorum) {
    return client
        .newCreateLedgerOp()
        .withEnsembleSize(ensemble)
        .withWriteQuorumSize(writeQuorum)
        .withAckQuorumSize(settings.ackQuorumSize())
        .withDigestType(settings.digestType())
        .withPassword(settings.passwordBytes())
        .withCustomMetadata(
            Map.of(
                APPLICATION_KEY, APPLICATION.getBytes(StandardCharsets.UTF_8),
                LOG_KEY, where.toString().getBytes(StandardCharsets.UTF_8)))
        .execute()
        .exceptionallyCompose(
            failed -> {
              Throwable bk =
                  failed instanceof CompletionException && failed.getCause() != null
                      ? failed.getCause()
                      : failed;
              if (bk instanceof BKException known
                  && known.getCode() == BKException.Code.NotEnoughBookiesException
                  && ensemble > settings.ackQuorumSize()) {
                LOG.log(
                    Level.WARNING,
                    "not enough bookies for a ledger of {0} of ensemble {1}: trying {2}",
                    where,
                    ensemble,
                    ensemble - 1);
                return create(ensemble - 1, Math.min(writeQuorum, ensemble - 1));
              }
              return CompletableFuture.failedFuture(failed);
            });
  }

  /** Opens a ledger to read, without fencing it: its writer, if any, goes on. */
  ReadHandle openToRead(long ledgerId) throws IOException {
    return await(open(ledgerId, false), "opening ledger " + ledgerId);
  }

  /**
   * A read handle of a closed ledger, shared with every storage on this client: a closed ledger
   * never changes, and opening one costs a ZooKeeper read of its metadata. Not to be closed.
   */
  ReadHandle openClosed(long ledgerId) throws IOException {
    ReadHandle cached = closed.get(ledgerId);
    if (cached != null) {
      return cached;
    }
    ReadHandle handle = openToRead(ledgerId);
    if (handle.isClosed()) {
      return closed.put(ledgerId, handle);
    }
    return handle;
  }

  /** {@link #openClosed}, without waiting. */
  CompletableFuture<ReadHandle> openClosedAsync(long ledgerId) {
    ReadHandle cached = closed.get(ledgerId);
    if (cached != null) {
      return CompletableFuture.completedFuture(cached);
    }
    return open(ledgerId, false).thenApply(h -> h.isClosed() ? closed.put(ledgerId, h) : h);
  }

  /** The cached handle of a closed ledger, or {@code null}. */
  ReadHandle cachedClosed(long ledgerId) {
    return closed.get(ledgerId);
  }

  /**
   * Fences a ledger and closes it at what its bookies hold (BookKeeper's recovery): its writer's
   * next add fails, and what was acknowledged is kept. The handle is the shared one of {@link
   * #openClosed}: not to be closed.
   */
  ReadHandle recover(long ledgerId) throws IOException {
    return closed.put(ledgerId, await(open(ledgerId, true), "recovering ledger " + ledgerId));
  }

  private CompletableFuture<ReadHandle> open(long ledgerId, boolean recovery) {
    return client
        .newOpenLedgerOp()
        .withLedgerId(ledgerId)
        .withRecovery(recovery)
        .withDigestType(settings.digestType())
        .withPassword(settings.passwordBytes())
        .execute();
  }

  /** Deletes a ledger no segment or backup uses any more; a failure leaves it behind, tagged. */
  void delete(long ledgerId) {
    closed.remove(ledgerId);
    client
        .newDeleteLedgerOp()
        .withLedgerId(ledgerId)
        .execute()
        .whenComplete(
            (ok, failed) -> {
              if (failed != null) {
                LOG.log(
                    Level.WARNING,
                    "ledger {0} of {1} could not be deleted and is left behind: {2}",
                    ledgerId,
                    where,
                    failed);
              }
            });
  }

  /** Deletes a ledger and waits for it; one that is gone already counts as deleted. */
  void deleteNow(long ledgerId) throws IOException {
    closed.remove(ledgerId);
    try {
      await(
          client.newDeleteLedgerOp().withLedgerId(ledgerId).execute(),
          "deleting ledger " + ledgerId);
    } catch (NoSuchFileException gone) {
      // deleted meanwhile: what was asked for
    }
  }

  /** Waits for a BookKeeper operation, as the SPI's exceptions. */
  <T> T await(Future<T> operation, String what) throws IOException {
    try {
      return operation.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException io =
          new InterruptedIOException("interrupted while " + what + " of " + where);
      io.initCause(e);
      throw io;
    } catch (ExecutionException e) {
      throw failure(what, e.getCause());
    }
  }

  /** What a failed BookKeeper operation means for the log. */
  IOException failure(String what, Throwable cause) {
    Throwable bk =
        cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
    int code =
        bk instanceof BKException known
            ? known.getCode()
            : BKException.Code.UnexpectedConditionException;
    return switch (code) {
      case BKException.Code.LedgerFencedException ->
          locked(
              new WalLockedException(
                  where
                      + " ("
                      + what
                      + ": another writer fenced the ledger"
                      + " when it took the log over)"),
              bk);
      case BKException.Code.NoSuchLedgerExistsException,
          BKException.Code.NoSuchLedgerExistsOnMetadataServerException ->
          (IOException)
              new NoSuchFileException(
                      where.toString(),
                      null,
                      what + ": the ledger is gone" + " (a purge deleted its segment)")
                  .initCause(bk);
      default -> new WalException(what + " failed for " + where + ": " + bk, bk);
    };
  }

  private static WalLockedException locked(WalLockedException e, Throwable cause) {
    e.initCause(cause);
    return e;
  }
}
