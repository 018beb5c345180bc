package io.github.jwal.bookkeeper;

import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentWriter;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.bookkeeper.client.api.WriteHandle;

/**
 * Appends to one extent of a segment: one ledger, written by this writer only. {@link #write} keeps
 * the bytes in memory; {@link #sync} sends what was written before it as entries (one per sync,
 * split at {@code maxEntryBytes}) and returns once the ack quorum of bookies journaled every one of
 * them. Nothing is sent before a sync, so a crash loses exactly the bytes not synced, and readers
 * of other storages see only acknowledged bytes; this storage's own readers see every byte written.
 *
 * <p>Thread-safety: {@link #write} and {@link #sync} may run at once (group commit); a sync takes
 * the bytes written before it and leaves later ones for the next.
 */
final class LedgerSegmentWriter implements SegmentWriter {
  private final BookKeeperLogStorage storage;
  private final WriteHandle handle;
  private final long base;
  private final Object syncing = new Object();
  private volatile SegmentId id;

  /**
   * Every byte of this extent, sent or not, guarded by {@code this}: the bytes from {@link #sent}
   * on go out with the next sync, and the storage's own readers read the extent from here ({@link
   * #readAt}), as a file's readers read the page cache. Bytes are only appended, so an array a sync
   * handed to BookKeeper is never changed under it.
   */
  private byte[] extent = new byte[4096];

  private int extentLength;
  private int sent;
  private long position;

  /**
   * The last entry sent and not waited for, under {@code unsafeNoSync}; guarded by {@link
   * #syncing}.
   */
  private CompletableFuture<Long> unwaited;

  private volatile boolean sealed;
  private volatile boolean dead;
  private boolean ledgerClosed;

  /**
   * @param id the published segment it appends to, or {@code null} while staged
   * @param base the segment's bytes before this extent
   */
  LedgerSegmentWriter(BookKeeperLogStorage storage, WriteHandle handle, SegmentId id, long base) {
    this.storage = storage;
    this.handle = handle;
    this.id = id;
    this.base = base;
    this.position = base;
  }

  long ledgerId() {
    return handle.getId();
  }

  @Override
  public SegmentId id() {
    return id;
  }

  @Override
  public synchronized long position() {
    return position;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    checkWritable();
    synchronized (this) {
      if (extentLength + len > extent.length) {
        extent = Arrays.copyOf(extent, Math.max(extent.length * 2, extentLength + len));
      }
      System.arraycopy(b, off, extent, extentLength, len);
      extentLength += len;
      position += len;
    }
  }

  @Override
  public void sync() throws IOException {
    synchronized (syncing) {
      checkWritable();
      byte[] bytes;
      int from;
      int length;
      synchronized (this) {
        bytes = extent;
        from = sent;
        length = extentLength - sent;
        sent = extentLength;
      }
      if (length == 0 && unwaited == null) {
        return;
      }
      try {
        Faults.sync(storage.location());
        List<CompletableFuture<Long>> acks = new ArrayList<>();
        int max = storage.ledgers().settings().maxEntryBytes();
        for (int off = 0; off < length; off += max) {
          int len = Math.min(max, length - off);
          acks.add(handle.appendAsync(Unpooled.wrappedBuffer(bytes, from + off, len)));
        }
        if (storage.unsafeNoSync() && !sealed) {
          if (!acks.isEmpty()) {
            unwaited = acks.get(acks.size() - 1);
          }
          return;
        }
        if (unwaited != null) {
          storage.ledgers().await(unwaited, "writing ledger " + ledgerId());
          unwaited = null;
        }
        for (CompletableFuture<Long> entry : acks) {
          // Entries are acknowledged in order: the last one's ack covers the others.
          storage.ledgers().await(entry, "writing ledger " + ledgerId());
        }
      } catch (IOException | RuntimeException e) {
        fail(e);
        throw e;
      }
    }
  }

  /** The bytes of this extent written so far (sent or not), from its start. */
  synchronized int extentLength() {
    return extentLength;
  }

  /**
   * Reads this extent's bytes written so far at {@code position} (from the extent's start); returns
   * how many, 0 at its end.
   */
  synchronized int readAt(long position, byte[] b, int off, int len) {
    if (position >= extentLength) {
      return 0;
    }
    int n = (int) Math.min(len, extentLength - position);
    System.arraycopy(extent, (int) position, b, off, n);
    return n;
  }

  private void checkWritable() throws IOException {
    if (dead) {
      throw new IOException("the process of this writer of " + storage.location() + " crashed");
    }
    storage.checkUsable();
    if (sealed) {
      throw new IllegalStateException("the segment was sealed");
    }
  }

  private void fail(Throwable e) {
    storage.poison(e);
  }

  @Override
  public void publish(SegmentId id) throws IOException {
    if (this.id != null) {
      throw new IllegalStateException("published already as " + this.id.fileName());
    }
    checkWritable();
    storage.publish(this, id);
    this.id = id;
  }

  @Override
  public void seal() throws IOException {
    sync();
    synchronized (syncing) {
      sealed = true;
      Extent extent = closeLedger();
      if (extent == null) {
        throw new IOException(
            "closing ledger " + ledgerId() + " of " + storage.location() + " failed");
      }
      storage.sealed(this, extent);
    }
  }

  /**
   * Closes the ledger (BookKeeper records its last entry and length) and returns the extent it is,
   * or {@code null} if it could not be closed (the next writer's recovery closes it).
   */
  Extent closeLedger() {
    synchronized (syncing) {
      if (dead) {
        return null;
      }
      if (!ledgerClosed) {
        try {
          if (unwaited != null) {
            storage.ledgers().await(unwaited, "writing ledger " + ledgerId());
            unwaited = null;
          }
          storage.ledgers().await(handle.closeAsync(), "closing ledger " + ledgerId());
          ledgerClosed = true;
        } catch (IOException | RuntimeException e) {
          fail(e);
          return null;
        }
      }
      return new Extent(ledgerId(), handle.getLastAddConfirmed(), handle.getLength());
    }
  }

  /** Closes and deletes the ledger of a writer never published. */
  void discard() {
    synchronized (syncing) {
      dead = true;
      handle.closeAsync().whenComplete((ok, failed) -> storage.ledgers().delete(ledgerId()));
    }
  }

  /** The kit's crash: this writer's process is gone; its ledger stays as the bookies have it. */
  void crash() {
    dead = true;
  }

  /**
   * Keeps the segment held and the ledger open for the storage to close: closing a writer ends
   * nothing a crash would not. A staged writer's ledger is deleted.
   */
  @Override
  public void close() throws IOException {
    if (id == null && !dead) {
      storage.discarded(this);
      discard();
    }
  }
}
