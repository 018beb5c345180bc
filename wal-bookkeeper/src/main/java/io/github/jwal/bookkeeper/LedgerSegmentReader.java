package io.github.jwal.bookkeeper;

import io.github.jwal.WalException;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.bookkeeper.client.api.BKException;
import org.apache.bookkeeper.client.api.LedgerEntries;
import org.apache.bookkeeper.client.api.LedgerEntry;
import org.apache.bookkeeper.client.api.ReadHandle;

/**
 * Reads a segment's extents one after the other, entry batch by entry batch, without fencing any
 * ledger. A closed extent's length is in the manifest (or, once its writer sealed it, in its
 * ledger's metadata). An extent still being written is read up to the last entry the bookies
 * acknowledged: BookKeeper's last-add-confirmed lags one entry behind its writer, so the entries
 * past it are read as well, unconfirmed, until there is none; those are read into memory when the
 * reader opens, which fixes its size.
 *
 * <p>Used by one thread at a time.
 */
final class LedgerSegmentReader implements SegmentReader {
  /** Entries asked for at once when reading a closed extent. */
  private static final int BATCH = 64;

  /**
   * Extents whose first batch is asked for ahead, at once: a segment a writer reopened often is
   * many short extents, and reading them one round trip after the other is what a reader waits on.
   */
  private static final int PREFETCH = 8;

  /** One extent: its ledger, the entries and bytes of it the segment uses. */
  private static final class Part {
    final long ledgerId;
    final long lastEntryId;
    final long length;

    /** The entries, when read at open (an extent still written); else read in batches. */
    final List<byte[]> preloaded;

    Part(long ledgerId, long lastEntryId, long length, List<byte[]> preloaded) {
      this.ledgerId = ledgerId;
      this.lastEntryId = lastEntryId;
      this.length = length;
      this.preloaded = preloaded;
    }
  }

  private final BookKeeperLogStorage storage;
  private final SegmentId id;
  private final String name;
  private final List<Part> parts;
  private final long size;
  private int part;
  private ReadHandle handle;
  private long nextEntry;
  private long partRead;
  private List<byte[]> batch = new ArrayList<>();
  private final java.util.Map<Integer, CompletableFuture<List<byte[]>>> prefetched =
      new java.util.HashMap<>();
  private int batchIndex;
  private byte[] entry;
  private int entryOffset;
  private boolean closed;

  private LedgerSegmentReader(
      BookKeeperLogStorage storage, SegmentId id, String name, List<Part> parts) {
    this.storage = storage;
    this.id = id;
    this.name = name;
    this.parts = parts;
    long total = 0;
    for (Part p : parts) {
      total += p.length;
    }
    this.size = total;
  }

  static LedgerSegmentReader open(BookKeeperLogStorage storage, SegmentId id, List<Extent> extents)
      throws IOException {
    String name = storage.location() + "/" + (id == null ? "backup" : id.fileName());
    List<Part> parts = new ArrayList<>();
    for (Extent extent : extents) {
      parts.add(
          extent.isOpen()
              ? openPart(storage, extent.ledgerId())
              : new Part(extent.ledgerId(), extent.lastEntryId(), extent.length(), null));
    }
    return new LedgerSegmentReader(storage, id, name, parts);
  }

  /** An extent still being written, or sealed since the manifest was written: as it is now. */
  private static Part openPart(BookKeeperLogStorage storage, long ledgerId) throws IOException {
    Ledgers ledgers = storage.ledgers();
    ReadHandle closed = ledgers.cachedClosed(ledgerId);
    if (closed != null) {
      return new Part(ledgerId, closed.getLastAddConfirmed(), closed.getLength(), null);
    }
    try (ReadHandle handle = ledgers.openToRead(ledgerId)) {
      if (handle.isClosed()) {
        return new Part(ledgerId, handle.getLastAddConfirmed(), handle.getLength(), null);
      }
      long confirmed =
          ledgers.await(
              handle.readLastAddConfirmedAsync(), "reading the last entry of ledger " + ledgerId);
      List<byte[]> entries = new ArrayList<>();
      long length = 0;
      if (confirmed >= 0) {
        try (LedgerEntries read =
            ledgers.await(handle.readAsync(0, confirmed), "reading ledger " + ledgerId)) {
          for (LedgerEntry e : read) {
            // getLength() is the ledger's length up to the entry, not the entry's
            byte[] bytes = e.getEntryBytes();
            entries.add(bytes);
            length += bytes.length;
          }
        }
      }
      for (long next = confirmed + 1; ; next++) {
        byte[] bytes = unconfirmed(handle, ledgers, next);
        if (bytes == null) {
          break;
        }
        entries.add(bytes);
        length += bytes.length;
      }
      return new Part(ledgerId, entries.size() - 1, length, entries);
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new WalException(
          "reading ledger " + ledgerId + " of " + storage.location() + ": " + e, e);
    }
  }

  /** The entry past the last-add-confirmed, or {@code null} if no bookie has it. */
  private static byte[] unconfirmed(ReadHandle handle, Ledgers ledgers, long entryId)
      throws Exception {
    try (LedgerEntries read = handle.readUnconfirmedAsync(entryId, entryId).get()) {
      return read.getEntry(entryId).getEntryBytes();
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof BKException bk
          && (bk.getCode() == BKException.Code.NoSuchEntryException
              // no bookie has seen an entry of the ledger yet
              || bk.getCode() == BKException.Code.NoSuchLedgerExistsException
              || bk.getCode() == BKException.Code.ReadException)) {
        return null;
      }
      throw ledgers.failure("reading entry " + entryId + " of ledger " + handle.getId(), cause);
    }
  }

  /** The whole contents of closed ledgers read by {@link #readAt}, by ledger. */
  private final java.util.concurrent.ConcurrentHashMap<Long, byte[]> closedContents =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Reads the segment as it is at the call (rule R14): its extents now, the last one from this
   * storage's writer if it has one (every byte written), else from what the bookies acknowledged. A
   * closed ledger is read whole on first use and kept, as it never changes.
   */
  @Override
  public int readAt(long position, byte[] b, int off, int len) throws IOException {
    if (position < 0) {
      throw new IllegalArgumentException("negative position: " + position);
    }
    if (closed) {
      throw new IOException("the reader of " + name + " is closed");
    }
    if (id == null) {
      throw new IOException("positional reads of backups are not supported: " + name);
    }
    List<Extent> extents = storage.extentsNow(id);
    if (extents == null) {
      return -1;
    }
    long start = 0;
    int read = 0;
    for (Extent extent : extents) {
      if (read == len) {
        break;
      }
      long at = position + read;
      LedgerSegmentWriter writer = extent.isOpen() ? storage.writerOf(extent.ledgerId()) : null;
      long length;
      int n;
      if (writer != null) {
        length = writer.extentLength();
        n =
            at >= start && at < start + length
                ? writer.readAt(at - start, b, off + read, len - read)
                : 0;
      } else {
        byte[] content = extent.isOpen() ? openContent(extent.ledgerId()) : closedContent(extent);
        length = extent.isOpen() ? content.length : extent.length();
        n = 0;
        if (at >= start && at < start + length) {
          n = (int) Math.min(len - read, start + length - at);
          System.arraycopy(content, (int) (at - start), b, off + read, n);
        }
      }
      read += n;
      start += length;
    }
    return read == 0 && len > 0 ? -1 : read;
  }

  private byte[] closedContent(Extent extent) throws IOException {
    byte[] cached = closedContents.get(extent.ledgerId());
    if (cached != null) {
      return cached;
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    if (extent.lastEntryId() >= 0) {
      Ledgers ledgers = storage.ledgers();
      ReadHandle h = ledgers.openClosed(extent.ledgerId());
      try (LedgerEntries read =
          ledgers.await(
              h.readAsync(0, extent.lastEntryId()), "reading ledger " + extent.ledgerId())) {
        for (LedgerEntry e : read) {
          byte[] bytes = e.getEntryBytes();
          out.write(bytes, 0, bytes.length);
        }
      }
    }
    byte[] content = out.toByteArray();
    closedContents.put(extent.ledgerId(), content);
    return content;
  }

  /** Another process's extent still being written: what its bookies have now. */
  private byte[] openContent(long ledgerId) throws IOException {
    Part now = openPart(storage, ledgerId);
    if (now.preloaded == null) {
      return closedContent(new Extent(ledgerId, now.lastEntryId, now.length));
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] entry : now.preloaded) {
      out.write(entry, 0, entry.length);
    }
    return out.toByteArray();
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("the reader of " + name + " is closed");
    }
    storage.checkAlive();
    if (len == 0) {
      return 0;
    }
    while (entry == null || entryOffset == entry.length || partRead == parts.get(part).length) {
      if (!nextEntry()) {
        return -1;
      }
    }
    Part current = parts.get(part);
    long leftInPart = current.length - partRead;
    int n = (int) Math.min(Math.min(len, entry.length - entryOffset), leftInPart);
    System.arraycopy(entry, entryOffset, b, off, n);
    entryOffset += n;
    partRead += n;
    return n;
  }

  /** Moves to the next entry with bytes of the segment; false at the end. */
  private boolean nextEntry() throws IOException {
    while (part < parts.size()) {
      Part current = parts.get(part);
      if (partRead < current.length && nextEntry <= current.lastEntryId) {
        entry = take(current);
        entryOffset = 0;
        return true;
      }
      closeHandle();
      part++;
      partRead = 0;
      nextEntry = 0;
      batch = new ArrayList<>();
      batchIndex = 0;
    }
    entry = null;
    return false;
  }

  private byte[] take(Part current) throws IOException {
    long entryId = nextEntry++;
    if (current.preloaded != null) {
      return current.preloaded.get((int) entryId);
    }
    if (batchIndex == batch.size() && entryId == 0) {
      prefetchFrom(part);
      CompletableFuture<List<byte[]>> first = prefetched.remove(part);
      if (first != null) {
        batch = storage.ledgers().await(first, "reading ledger " + current.ledgerId);
        batchIndex = 0;
      }
    }
    if (batchIndex == batch.size()) {
      batch = new ArrayList<>();
      batchIndex = 0;
      Ledgers ledgers = storage.ledgers();
      if (handle == null) {
        handle = ledgers.openClosed(current.ledgerId);
      }
      long last = Math.min(current.lastEntryId, entryId + BATCH - 1);
      try (LedgerEntries read =
          ledgers.await(handle.readAsync(entryId, last), "reading ledger " + current.ledgerId)) {
        for (LedgerEntry e : read) {
          batch.add(e.getEntryBytes());
        }
      }
    }
    return batch.get(batchIndex++);
  }

  /** Asks for the first batch of the extents from {@code first} on, up to {@link #PREFETCH}. */
  private void prefetchFrom(int first) {
    for (int i = first; i < Math.min(parts.size(), first + PREFETCH); i++) {
      Part q = parts.get(i);
      if (q.preloaded == null && q.lastEntryId >= 0 && q.length > 0) {
        prefetched.computeIfAbsent(i, k -> firstBatch(q));
      }
    }
  }

  private CompletableFuture<List<byte[]>> firstBatch(Part q) {
    long last = Math.min(q.lastEntryId, BATCH - 1);
    return storage
        .ledgers()
        .openClosedAsync(q.ledgerId)
        .thenCompose(h -> h.readAsync(0, last))
        .thenApply(
            entries -> {
              try (entries) {
                List<byte[]> bytes = new ArrayList<>();
                for (LedgerEntry e : entries) {
                  bytes.add(e.getEntryBytes());
                }
                return bytes;
              }
            });
  }

  /** Lets go of the current ledger's handle, which the client's cache of closed ledgers keeps. */
  private void closeHandle() {
    handle = null;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closeHandle();
    }
  }
}
