package io.github.jwal.bookkeeper;

import io.github.jwal.WalClosedException;
import io.github.jwal.WalException;
import io.github.jwal.WalExistsException;
import io.github.jwal.WalLockedException;
import io.github.jwal.WalNotFoundException;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentReader;
import io.github.jwal.spi.SegmentWriter;
import io.github.jwal.spi.StorageOptions;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.apache.bookkeeper.client.api.ReadHandle;
import org.apache.bookkeeper.client.api.WriteHandle;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;

/**
 * One log in BookKeeper, as {@link BookKeeperStorageProvider} describes: the manifest znode, the
 * writer's lock and holds (ephemerals of this storage's own ZooKeeper session), and ledgers on a
 * BookKeeper client shared by the process ({@link Clients}).
 *
 * <p>As a writer it keeps the manifest it last wrote and changes it by compare-and-set from there:
 * a publish, an {@code openTail}, a truncate or a backup is one ZooKeeper {@code multi}; a seal
 * closes its ledger (BookKeeper records the ledger's length) and its extent's length goes into the
 * manifest with the next change, so that a cut costs the one {@code multi} of its publish. A ledger
 * left open in the manifest is recovered (fenced, closed at what the bookies acknowledged) by the
 * next writer's {@link #lock}, before it changes anything.
 *
 * <p>Thread-safety: the storage's operations hold its monitor; segment writers sync on their own.
 */
final class BookKeeperLogStorage implements LogStorage {
  /** The live storages by location, for the kit's crash ({@link #crashAll}). */
  private static final Map<String, Set<BookKeeperLogStorage>> LIVE = new ConcurrentHashMap<>();

  private final BookKeeperLocation where;
  private final StorageOptions options;
  private final Clients.Lease lease;
  private final Ledgers ledgers;
  private final BookKeeperSettings settings;

  /** The shared session for what needs no lock (see {@link SharedSessions}). */
  private final SharedSessions.Lease reads;

  /**
   * This storage's own session, once it becomes a writer: its lock and holds are its ephemerals.
   */
  private ZkSession own;

  private WriterLock lock;
  private final SpareLedger spare;

  /** Extents of ledgers this storage sealed, by ledger, not yet in the manifest. */
  private final Map<Long, Extent> sealed = new HashMap<>();

  private final Set<LedgerSegmentWriter> writers = new LinkedHashSet<>();

  /** The manifest as this writer last wrote or read it. */
  private ManifestStore.Versioned manifest;

  private volatile Throwable poison;
  private volatile boolean crashed;
  private volatile boolean expired;
  private boolean closed;

  private BookKeeperLogStorage(
      BookKeeperLocation where,
      BookKeeperSettings settings,
      StorageOptions options,
      Clients.Lease lease,
      SharedSessions.Lease reads) {
    this.where = where;
    this.settings = settings;
    this.options = options;
    this.lease = lease;
    this.ledgers = new Ledgers(lease.client(), lease.closedLedgers(), settings, where);
    this.reads = reads;
    this.spare = new SpareLedger(ledgers);
  }

  static BookKeeperLogStorage open(
      BookKeeperLocation where, BookKeeperSettings settings, StorageOptions options)
      throws IOException {
    Clients.Lease lease =
        Clients.PROCESS.acquire(
            where.metadataServiceUri(settings.ledgersRoot()), settings.client());
    SharedSessions.Lease reads =
        SharedSessions.PROCESS.acquire(where, settings.sessionTimeoutMillis());
    BookKeeperLogStorage storage = new BookKeeperLogStorage(where, settings, options, lease, reads);
    LIVE.computeIfAbsent(where.toString(), k -> ConcurrentHashMap.newKeySet()).add(storage);
    return storage;
  }

  /** The storages open at {@code location} in this process, for tests. */
  static Set<BookKeeperLogStorage> live(String location) {
    return Set.copyOf(LIVE.getOrDefault(location, Set.of()));
  }

  /** The position of the last published writer of this storage: its tail's size, for benchmarks. */
  synchronized long writtenBytes() {
    long position = 0;
    for (LedgerSegmentWriter writer : writers) {
      if (writer.id() != null) {
        position = writer.position();
      }
    }
    return position;
  }

  /** This storage's own session, or {@code null} before it became a writer. */
  synchronized ZkSession session() {
    return own;
  }

  /** The manifest through the shared session, or this writer's own. */
  private ManifestStore store() throws IOException {
    return new ManifestStore(own != null ? own : reads.session(), where);
  }

  /** The manifest through this writer's own session, whose expiry stops its changes. */
  private ManifestStore writerStore() {
    return new ManifestStore(own, where);
  }

  /** This storage's own session and the lock on it, connected on first use. */
  private WriterLock writerLock() throws IOException {
    if (own == null) {
      own = ZkSession.connect(where, settings.sessionTimeoutMillis(), this::expired);
      lock = new WriterLock(own, where);
    }
    return lock;
  }

  private boolean locked() {
    return lock != null && lock.locked();
  }

  private boolean holds(SegmentId id) {
    return lock != null && lock.holds(id);
  }

  @Override
  public String location() {
    return where.toString();
  }

  Ledgers ledgers() {
    return ledgers;
  }

  boolean unsafeNoSync() {
    return options.unsafeNoSync();
  }

  @Override
  public synchronized boolean exists() throws IOException {
    checkAlive();
    return store().read().exists();
  }

  @Override
  public synchronized List<SegmentId> segments() throws IOException {
    checkAlive();
    return store().read().manifest().segments();
  }

  @Override
  public synchronized SegmentReader openReader(SegmentId id) throws IOException {
    checkAlive();
    List<Extent> extents =
        store()
            .read()
            .manifest()
            .extents(id)
            .orElseThrow(() -> new NoSuchFileException(where + "/" + id.fileName()));
    return LedgerSegmentReader.open(this, id, extents);
  }

  @Override
  public synchronized void lock() throws IOException {
    checkOpen();
    if (locked()) {
      return;
    }
    if (!store().read().exists()) {
      throw new WalNotFoundException("no write-ahead log at " + where);
    }
    writerLock().acquire();
    ManifestStore.Versioned found = store().read();
    if (!found.exists()) {
      lock.giveUp();
      throw new WalNotFoundException("no write-ahead log at " + where);
    }
    manifest = found;
    recoverOpenExtents();
    spare.prepare();
  }

  /**
   * Fences and closes every ledger the manifest still has open (a writer that died, or one that is
   * still running and will find its next add refused), and records what the bookies acknowledged.
   */
  private void recoverOpenExtents() throws IOException {
    Map<Long, Extent> recovered = new HashMap<>();
    for (Extent open : manifest.manifest().openExtents()) {
      if (!recovered.containsKey(open.ledgerId())) {
        ReadHandle handle = ledgers.recover(open.ledgerId());
        recovered.put(
            open.ledgerId(),
            new Extent(open.ledgerId(), handle.getLastAddConfirmed(), handle.getLength()));
      }
    }
    if (!recovered.isEmpty()) {
      change(m -> m.mapExtents(e -> e.isOpen() ? recovered.getOrDefault(e.ledgerId(), e) : e));
    }
  }

  @Override
  public synchronized void hold(List<SegmentId> ids) throws IOException {
    requireWriter();
    lock.hold(ids);
  }

  @Override
  public synchronized void release(SegmentId id) throws IOException {
    checkAlive();
    if (lock != null) {
      lock.release(id);
    }
  }

  @Override
  public synchronized void delete(SegmentId id) throws IOException {
    checkUsable();
    if (holds(id)) {
      throw new WalLockedException(where + "/" + id.fileName() + " (held by this storage)");
    }
    ManifestStore.Versioned current = store().read();
    List<Extent> extents =
        current
            .manifest()
            .extents(id)
            .orElseThrow(() -> new NoSuchFileException(where + "/" + id.fileName()));
    Faults.sync(location());
    ManifestStore.Versioned after;
    try {
      after =
          store().update(current, m -> m.withoutSegment(id), next -> WriterLock.notHeld(where, id));
    } catch (KeeperException held) {
      throw new WalLockedException(where + "/" + id.fileName() + " (a writer holds it)");
    }
    if (manifest != null) {
      manifest = after;
    }
    deleteUnused(extents, after.manifest());
  }

  /** Deletes the ledgers of {@code dropped} that {@code now} no longer uses. */
  private void deleteUnused(List<Extent> dropped, Manifest now) {
    Set<Long> used = now.ledgers();
    for (LedgerSegmentWriter writer : writers) {
      used.add(writer.ledgerId());
    }
    Set<Long> done = new HashSet<>();
    for (Extent extent : dropped) {
      if (!used.contains(extent.ledgerId()) && done.add(extent.ledgerId())) {
        ledgers.delete(extent.ledgerId());
      }
    }
  }

  @Override
  public synchronized SegmentWriter create() throws IOException {
    checkUsable();
    if (store().read().exists()) {
      throw new WalExistsException(where.toString());
    }
    WriterLock writerLock = writerLock();
    ensureZnode(where.path());
    ensureZnode(where.holds());
    writerLock.acquire();
    ManifestStore.Versioned found = store().read();
    if (found.exists()) {
      lock.giveUp();
      throw new WalExistsException(where.toString());
    }
    manifest = found;
    return newWriter(null, 0);
  }

  /** Creates a persistent znode and its parents, unless they exist. */
  private void ensureZnode(String path) throws IOException {
    int slash = path.lastIndexOf('/');
    if (slash > 0) {
      ensureZnode(path.substring(0, slash));
    }
    ZkSession session = own != null ? own : reads.session();
    try {
      session.retrying(
          zk -> {
            try {
              return zk.create(
                  path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            } catch (KeeperException.NodeExistsException there) {
              return path;
            }
          });
    } catch (KeeperException e) {
      throw session.failure("creating " + path, e);
    }
  }

  @Override
  public synchronized SegmentWriter allocate() throws IOException {
    requireWriter();
    return newWriter(null, 0);
  }

  @Override
  public synchronized SegmentWriter openTail(SegmentId id, long offset) throws IOException {
    requireWriter();
    requireHeld(id);
    List<Extent> extents = closedExtents(id);
    long length = Extent.length(extents);
    if (offset < 0 || offset > length) {
      throw new IllegalArgumentException(
          "offset "
              + offset
              + " outside "
              + id.fileName()
              + " of "
              + length
              + " bytes at "
              + where);
    }
    LedgerSegmentWriter writer = newWriter(id, offset);
    try {
      change(
          m -> {
            List<Extent> next =
                new ArrayList<>(Extent.cut(m.extents(id).orElse(List.of()), offset));
            next.add(Extent.open(writer.ledgerId()));
            return m.withSegment(id, next);
          });
    } catch (IOException | RuntimeException e) {
      writers.remove(writer);
      writer.discard();
      throw e;
    }
    return writer;
  }

  @Override
  public synchronized String backup(SegmentId id) throws IOException {
    requireWriter();
    List<Extent> extents = closedExtents(id);
    String name = manifest.manifest().nextBackupName(id);
    Faults.sync(location());
    change(m -> m.withBackup(name, extents));
    return name;
  }

  @Override
  public synchronized void truncate(SegmentId id, long size) throws IOException {
    requireWriter();
    requireHeld(id);
    List<Extent> extents = closedExtents(id);
    long length = Extent.length(extents);
    if (size < 0 || size > length) {
      throw new IllegalArgumentException(
          "cannot cut " + id.fileName() + " of " + length + " bytes to " + size + " at " + where);
    }
    Faults.sync(location());
    change(m -> m.withSegment(id, Extent.cut(extents, size)));
    deleteUnused(extents, manifest.manifest());
  }

  /** A segment's extents, every one closed (by a seal of this storage, or a recovery). */
  private List<Extent> closedExtents(SegmentId id) throws IOException {
    List<Extent> extents =
        withSealed(manifest.manifest())
            .extents(id)
            .orElseThrow(() -> new NoSuchFileException(where + "/" + id.fileName()));
    for (Extent extent : extents) {
      if (extent.isOpen()) {
        throw new IllegalStateException(
            id.fileName()
                + " of "
                + where
                + " is still being written (ledger "
                + extent.ledgerId()
                + ")");
      }
    }
    return extents;
  }

  /** The manifest with the lengths of the ledgers this storage sealed since it last wrote it. */
  private Manifest withSealed(Manifest m) {
    if (sealed.isEmpty()) {
      return m;
    }
    Map<Long, Extent> known = Map.copyOf(sealed);
    return m.mapExtents(e -> e.isOpen() ? known.getOrDefault(e.ledgerId(), e) : e);
  }

  /** Writes {@code change} of the manifest, with what seals learned, in one multi. */
  private void change(UnaryOperator<Manifest> change) throws IOException {
    Map<Long, Extent> known = Map.copyOf(sealed);
    try {
      manifest =
          writerStore()
              .update(
                  manifest,
                  m ->
                      change.apply(
                          m.mapExtents(e -> e.isOpen() ? known.getOrDefault(e.ledgerId(), e) : e)),
                  next -> List.of());
    } catch (KeeperException e) {
      throw own.failure("changing the manifest", e);
    }
    known.keySet().forEach(sealed::remove);
  }

  private LedgerSegmentWriter newWriter(SegmentId id, long base) throws IOException {
    WriteHandle handle = spare.take();
    LedgerSegmentWriter writer = new LedgerSegmentWriter(this, handle, id, base);
    writers.add(writer);
    return writer;
  }

  /** Publishes a staged writer's segment: its open extent and its hold, in one multi. */
  synchronized void publish(LedgerSegmentWriter writer, SegmentId id) throws IOException {
    requireWriter();
    if (withSealed(manifest.manifest()).extents(id).isPresent()) {
      throw new IllegalStateException(id.fileName() + " exists already at " + where);
    }
    Faults.sync(location());
    Map<Long, Extent> known = Map.copyOf(sealed);
    try {
      manifest =
          writerStore()
              .update(
                  manifest,
                  m ->
                      m.mapExtents(e -> e.isOpen() ? known.getOrDefault(e.ledgerId(), e) : e)
                          .withSegment(id, List.of(Extent.open(writer.ledgerId()))),
                  next -> List.of(lock.holdOp(id)));
    } catch (KeeperException held) {
      throw new WalLockedException(where + "/" + id.fileName() + " (another storage holds it)");
    }
    known.keySet().forEach(sealed::remove);
    lock.held(id);
  }

  /**
   * Segment {@code id} as it is now, for a positional read: this writer's view (its manifest, what
   * it sealed) or, for another storage, ZooKeeper's; {@code null} if the segment is gone.
   */
  synchronized List<Extent> extentsNow(SegmentId id) throws IOException {
    checkAlive();
    Manifest now =
        manifest != null && locked() ? withSealed(manifest.manifest()) : store().read().manifest();
    return now.extents(id).orElse(null);
  }

  /** This storage's writer of {@code ledgerId}, or {@code null}. */
  synchronized LedgerSegmentWriter writerOf(long ledgerId) {
    for (LedgerSegmentWriter writer : writers) {
      if (writer.ledgerId() == ledgerId) {
        return writer;
      }
    }
    return null;
  }

  /**
   * A writer closed its ledger: its extent's length goes into the manifest with the next change.
   */
  synchronized void sealed(LedgerSegmentWriter writer, Extent extent) {
    if (!crashed && !closed) {
      sealed.put(extent.ledgerId(), extent);
    }
  }

  /** A writer closed without being published: its ledger goes. */
  synchronized void discarded(LedgerSegmentWriter writer) {
    writers.remove(writer);
  }

  private void requireHeld(SegmentId id) {
    if (!holds(id)) {
      throw new IllegalStateException(id.fileName() + " of " + where + " is not held");
    }
  }

  private void requireWriter() throws IOException {
    checkUsable();
    if (!locked()) {
      throw new IllegalStateException("this storage is not the writer of " + where + ": lock() it");
    }
  }

  /** Refuses calls after a crash, a close or an expired session. */
  void checkAlive() throws IOException {
    if (crashed) {
      throw new IOException("the process of this storage of " + where + " crashed");
    }
    if (closed) {
      throw WalClosedException.closed();
    }
  }

  private void checkOpen() throws IOException {
    checkAlive();
    if (expired) {
      throw lockLost();
    }
  }

  /** Refuses writes after a failed write or sync, a fencing, or an expired session. */
  void checkUsable() throws IOException {
    checkOpen();
    Throwable cause = poison;
    if (cause != null) {
      throw cause instanceof WalLockedException locked
          ? copy(locked)
          : WalClosedException.poisoned(cause);
    }
  }

  private static WalLockedException copy(WalLockedException locked) {
    WalLockedException again = new WalLockedException(locked.getMessage());
    again.initCause(locked);
    return again;
  }

  /** A write or sync failed: every later write fails too, with the same cause. */
  void poison(Throwable cause) {
    if (poison == null) {
      poison = cause;
    }
  }

  private WalLockedException lockLost() {
    return new WalLockedException(
        where
            + " (this storage's ZooKeeper session expired: its lock is"
            + " gone and another writer may have the log; open a new storage)");
  }

  private void expired() {
    expired = true;
    poison(lockLost());
  }

  @Override
  public void close() throws IOException {
    List<LedgerSegmentWriter> open;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      open = new ArrayList<>(writers);
      writers.clear();
    }
    try {
      if (!crashed) {
        for (LedgerSegmentWriter writer : open) {
          if (writer.id() == null) {
            writer.discard();
          } else {
            Extent extent = writer.closeLedger();
            if (extent != null) {
              synchronized (this) {
                sealed.put(extent.ledgerId(), extent);
              }
            }
          }
        }
        spare.discard();
        synchronized (this) {
          if (!sealed.isEmpty() && locked() && poison == null && !expired) {
            try {
              change(UnaryOperator.identity());
            } catch (IOException | RuntimeException e) {
              // The next writer's recovery finds the closed ledgers' lengths.
            }
          }
        }
      }
    } finally {
      Set<BookKeeperLogStorage> live = LIVE.get(where.toString());
      if (live != null) {
        live.remove(this);
      }
      try {
        endOwnSession();
      } finally {
        reads.close();
        lease.close();
      }
    }
  }

  /** Deletes the lock and holds, then closes this storage's own session in the background. */
  private synchronized void endOwnSession() {
    if (own != null) {
      lock.dropAll();
      own.closeInBackground();
    }
  }

  /**
   * The kit's crash: every storage at {@code location} dies as its process would, without closing
   * anything; its ZooKeeper session ends, so its lock and holds go, and its ledgers stay open for
   * the next writer to recover. Bytes written and not synced were only in its memory: they are
   * lost.
   */
  static void crashAll(String location) {
    Set<BookKeeperLogStorage> live = LIVE.remove(location);
    if (live == null) {
      return;
    }
    for (BookKeeperLogStorage storage : live) {
      storage.crash();
    }
  }

  private void crash() {
    crashed = true;
    synchronized (this) {
      closed = true;
      writers.forEach(LedgerSegmentWriter::crash);
      writers.clear();
    }
    endOwnSession();
    reads.close();
    lease.close();
  }

  /**
   * The kit's {@code putSegment}: replaces segment {@code id} with {@code bytes} in a new, closed
   * ledger, as if written long ago, creating the log's znodes if need be.
   */
  synchronized void put(SegmentId id, byte[] bytes) throws IOException {
    checkUsable();
    ensureZnode(where.path());
    ensureZnode(where.holds());
    WriteHandle handle = ledgers.await(ledgers.create(), "creating a ledger");
    Extent extent;
    try {
      int max = ledgers.settings().maxEntryBytes();
      for (int off = 0; off < bytes.length; off += max) {
        int len = Math.min(max, bytes.length - off);
        ledgers.await(
            handle.appendAsync(java.util.Arrays.copyOfRange(bytes, off, off + len)),
            "writing ledger " + handle.getId());
      }
      ledgers.await(handle.closeAsync(), "closing ledger " + handle.getId());
      extent = new Extent(handle.getId(), handle.getLastAddConfirmed(), handle.getLength());
    } catch (IOException e) {
      ledgers.delete(handle.getId());
      throw e;
    }
    ManifestStore.Versioned current = store().read();
    List<Extent> old = current.manifest().extents(id).orElse(List.of());
    ManifestStore.Versioned after;
    try {
      after = store().update(current, m -> m.withSegment(id, List.of(extent)), next -> List.of());
    } catch (KeeperException e) {
      throw new WalException("putting " + id.fileName() + " at " + where + ": " + e, e);
    }
    deleteUnused(old, after.manifest());
  }

  /** The kit's {@code readBackup}: the backup's bytes, or {@code null} if there is none. */
  synchronized byte[] readBackup(String name) throws IOException {
    checkAlive();
    List<Extent> extents = store().read().manifest().backup(name).orElse(null);
    if (extents == null) {
      return null;
    }
    try (SegmentReader reader = LedgerSegmentReader.open(this, null, extents)) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = reader.read(buffer, 0, buffer.length)) >= 0; ) {
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    }
  }

  @Override
  public String toString() {
    return "BookKeeperLogStorage[" + where + "]";
  }
}
