package io.github.jwal.memory;

import io.github.jwal.faults.FaultPlan;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The durable state of one in-memory log, shared by every storage opened at its location ({@link
 * InMemoryStorageProvider#volume}), with the hooks a test needs: inspect it, crash it, make its
 * syncs fail, fill it up.
 *
 * <p>The model, per segment: the bytes written (what readers see, like a page cache), the durable
 * prefix (the bytes synced), and the preallocated size (reads past the written bytes find zeros up
 * to it, as in etcd's preallocated files). A segment is either published under its {@link
 * SegmentId}, which is durable as soon as the publish returns, or staged under a temporary name,
 * which a crash discards. {@code truncate}, {@code backup} and a sealed segment's cut are durable
 * when they return.
 *
 * <p>What survives {@link #crash}: every published segment with its durable prefix and its
 * preallocation; of its unsynced bytes, what the {@link FaultPlan} keeps. Staged segments, the
 * writer's lock and injected failures do not survive; backups and the capacity do.
 *
 * <p>Thread-safety: every method may be called from any thread, also while other threads use
 * storages on this volume; a crash then makes their calls fail.
 */
public final class InMemoryVolume {
  private final String location;

  /** Guards every field below and every {@link Segment} of this volume. */
  final Object mutex = new Object();

  private final TreeMap<SegmentId, Segment> published = new TreeMap<>();
  private final IdentityHashMap<Segment, InMemoryLogStorage> staged = new IdentityHashMap<>();
  private final TreeMap<String, Segment> backups = new TreeMap<>();
  private final Faults faults = new Faults();
  private InMemoryLogStorage writer;
  private long stagedNames;
  private long epoch;
  private String death;

  InMemoryVolume(String location) {
    this.location = location;
  }

  /** The normalized absolute path this volume is registered under. */
  public String location() {
    return location;
  }

  /** The published segments, in order: what a storage's {@code segments()} returns. */
  public List<SegmentId> segments() {
    synchronized (mutex) {
      return List.copyOf(published.keySet());
    }
  }

  /**
   * A copy of the bytes written to a published segment, synced or not: what a reader sees, without
   * the preallocated zeros.
   *
   * @throws IllegalArgumentException if the segment is not published
   */
  public byte[] contents(SegmentId id) {
    synchronized (mutex) {
      return inspect(id).contents();
    }
  }

  /**
   * A copy of the backup named {@code name} (what {@code LogStorage.backup} returned), or {@code
   * null} if there is none.
   */
  public byte[] backup(String name) {
    synchronized (mutex) {
      Segment backup = backups.get(Objects.requireNonNull(name, "name"));
      return backup == null ? null : backup.contents();
    }
  }

  /**
   * How many leading bytes of a published segment are durable: they survive every crash.
   *
   * @throws IllegalArgumentException if the segment is not published
   */
  public long durablePrefix(SegmentId id) {
    synchronized (mutex) {
      return inspect(id).durablePrefix();
    }
  }

  /**
   * The size a reader of a published segment sees: its written bytes or its preallocated size,
   * whichever is larger.
   *
   * @throws IllegalArgumentException if the segment is not published
   */
  public long size(SegmentId id) {
    synchronized (mutex) {
      return inspect(id).size();
    }
  }

  /** How many segments are staged (allocated or created, not yet published). */
  public int stagedSegments() {
    synchronized (mutex) {
      return staged.size();
    }
  }

  /**
   * The backups {@code LogStorage.backup} made, by name ({@code <segment file name>.broken}), each
   * a copy of the segment's whole bytes when it was backed up. The map and arrays are copies.
   */
  public SortedMap<String, byte[]> backups() {
    synchronized (mutex) {
      TreeMap<String, byte[]> copies = new TreeMap<>();
      backups.forEach((name, backup) -> copies.put(name, backup.wholeFile()));
      return Collections.unmodifiableSortedMap(copies);
    }
  }

  /**
   * Publishes a segment with these bytes, all durable, without preallocation, replacing one with
   * the same id: to start a test from given files (an etcd fixture, a damaged segment). Ignores the
   * capacity. A writer open on a replaced segment goes on appending at its own position.
   */
  public void putSegment(SegmentId id, byte[] bytes) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length > Segment.MAX_LENGTH) {
      throw new IllegalArgumentException(
          "a segment holds at most " + Segment.MAX_LENGTH + " bytes");
    }
    synchronized (mutex) {
      published.computeIfAbsent(id, key -> new Segment(key.fileName(), 0)).replace(bytes);
    }
  }

  /**
   * Simulates a power loss. Every storage, writer and reader opened on this volume before it is
   * dead: their calls throw an {@link IOException} saying the volume crashed (closing them does
   * nothing). Each published segment keeps its durable bytes and preallocation, and of its unsynced
   * changes what {@code plan} decides (the kit's one crash model, {@link
   * io.github.jwal.faults.CrashImage}); staged segments, the writer's lock and injected failures
   * are gone. The volume has no directories (a publish is durable at once), so the plan's {@link
   * FaultPlan#directories()} changes nothing. Afterwards every byte is durable.
   *
   * <p>Deterministic: every random choice comes from {@code seed}, segment by segment in {@link
   * SegmentId} order, so the same writes, plan and seed leave the same bytes.
   */
  public void crash(FaultPlan plan, long seed) {
    Objects.requireNonNull(plan, "plan");
    synchronized (mutex) {
      kill("the in-memory volume at " + location + " crashed; open a new storage");
      SplittableRandom random = new SplittableRandom(seed);
      for (Segment segment : published.values()) {
        segment.crash(plan, random);
      }
    }
  }

  /**
   * Makes the next {@code write} on this volume throw {@code failure}, writing nothing. A failed
   * write poisons its storage.
   */
  public void failNextWrite(IOException failure) {
    Objects.requireNonNull(failure, "failure");
    synchronized (mutex) {
      faults.failNextWrite(failure);
    }
  }

  /**
   * Makes the next sync on this volume ({@code SegmentWriter.sync} or the sync in {@code seal})
   * throw {@code failure}, making nothing durable. A failed sync poisons its storage. Syncs under
   * {@code unsafeNoSync} do nothing and never fail.
   */
  public void failNextSync(IOException failure) {
    Objects.requireNonNull(failure, "failure");
    synchronized (mutex) {
      faults.failNextSync(failure);
    }
  }

  /**
   * Lets the next {@code successfulSyncs} syncs on this volume succeed and makes every later one
   * fail, until {@link #clearFailures} or a crash.
   *
   * @throws IllegalArgumentException if {@code successfulSyncs} is negative
   */
  public void failSyncsAfter(int successfulSyncs) {
    if (successfulSyncs < 0) {
      throw new IllegalArgumentException(
          "successfulSyncs must not be negative: " + successfulSyncs);
    }
    synchronized (mutex) {
      faults.failSyncsAfter(successfulSyncs);
    }
  }

  /**
   * Limits the bytes this volume holds: the sizes of its segments, preallocation included, and of
   * its backups. A write, create, allocate or backup that would pass the limit throws an {@link
   * IOException} saying no space is left and changes nothing; a failed write poisons its storage.
   * Lowering the limit below what is held removes nothing. Survives a crash.
   *
   * @throws IllegalArgumentException if {@code bytes} is negative
   */
  public void setCapacity(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("capacity must not be negative: " + bytes);
    }
    synchronized (mutex) {
      faults.capacity(bytes);
    }
  }

  /** Cancels injected write and sync failures. The capacity stays. */
  public void clearFailures() {
    synchronized (mutex) {
      faults.clearInjected();
    }
  }

  @Override
  public String toString() {
    synchronized (mutex) {
      return "InMemoryVolume["
          + location
          + ", segments="
          + published.keySet()
          + ", staged="
          + staged.size()
          + "]";
    }
  }

  private Segment inspect(SegmentId id) {
    Segment segment = published.get(Objects.requireNonNull(id, "id"));
    if (segment == null) {
      throw new IllegalArgumentException(
          "no published segment " + id + " in the in-memory volume at " + location);
    }
    return segment;
  }

  // The rest is for the storage handles, always under the mutex.

  /** Ends every handle of the current epoch, as a crash or discard does. */
  void kill(String reason) {
    epoch++;
    death = reason;
    writer = null;
    staged.clear();
    faults.clearInjected();
  }

  long epoch() {
    return epoch;
  }

  void checkAlive(long handleEpoch) throws IOException {
    if (handleEpoch != epoch) {
      throw new IOException(death);
    }
  }

  boolean exists() {
    return !published.isEmpty();
  }

  Segment published(SegmentId id) throws NoSuchFileException {
    Segment segment = published.get(Objects.requireNonNull(id, "id"));
    if (segment == null) {
      throw new NoSuchFileException(
          id.fileName(), null, "no such segment in the in-memory volume at " + location);
    }
    return segment;
  }

  InMemoryLogStorage writer() {
    return writer;
  }

  /** Forgets a published segment; deleting is a durable directory change, like publishing. */
  void delete(SegmentId id) throws NoSuchFileException {
    published(id);
    published.remove(id);
  }

  void writer(InMemoryLogStorage storage) {
    writer = storage;
  }

  Faults faults() {
    return faults;
  }

  /** Throws if growing the volume by {@code growth} bytes would pass its capacity. */
  void checkSpace(long growth, String what) throws IOException {
    long used = 0;
    for (Segment segment : published.values()) {
      used += segment.size();
    }
    for (Segment segment : staged.keySet()) {
      used += segment.size();
    }
    for (Segment backup : backups.values()) {
      used += backup.size();
    }
    if (growth > 0 && used + growth > faults.capacity()) {
      throw new IOException(
          "no space left on the in-memory volume at "
              + location
              + ": "
              + what
              + " needs "
              + growth
              + " more bytes, "
              + used
              + " of "
              + faults.capacity()
              + " are used");
    }
  }

  Segment stage(InMemoryLogStorage owner, long preallocated) throws IOException {
    checkSpace(preallocated, "preallocating a segment");
    Segment segment = new Segment(stagedNames++ + ".tmp", preallocated);
    staged.put(segment, owner);
    return segment;
  }

  boolean isStaged(Segment segment) {
    return staged.containsKey(segment);
  }

  void discardStaged(Segment segment) {
    staged.remove(segment);
  }

  void discardStagedOf(InMemoryLogStorage owner) {
    staged.values().removeIf(owner::equals);
  }

  /** Renames a staged segment to its final name; durable at once, as rename plus directory sync. */
  void publish(Segment segment, SegmentId id) throws IOException {
    if (published.containsKey(id)) {
      throw new FileAlreadyExistsException(
          id.fileName(),
          null,
          "a published segment has this name in the in-memory volume at " + location);
    }
    staged.remove(segment);
    segment.rename(id.fileName());
    published.put(id, segment);
  }

  String backup(SegmentId id) throws IOException {
    Segment segment = published(id);
    String name = id.fileName() + ".broken";
    for (int n = 1; backups.containsKey(name); n++) {
      name = id.fileName() + ".broken." + n;
    }
    checkSpace(segment.size(), "backing up " + name);
    backups.put(name, segment.copy(name));
    return name;
  }
}
