package io.github.jwal.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.WalExistsException;
import io.github.jwal.WalLockedException;
import io.github.jwal.faults.FaultPlan;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentReader;
import io.github.jwal.spi.SegmentWriter;
import io.github.jwal.spi.StorageCapability;
import io.github.jwal.spi.StorageOptions;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The storage SPI's contract ({@link LogStorage} and {@link SegmentWriter} javadoc), rule by rule,
 * through the backend's own provider:
 *
 * <ol>
 *   <li>R1 sync durability; R2 publish durability; R3 atomic create; R4 no phantom bytes;
 *   <li>R5 one writer, ever; R6 a failed write or sync is final;
 *   <li>R7 readers need no lock; R8 delete refuses held segments and is durable;
 *   <li>R9 listing; R10 appending at a tail; R11 truncate and backup; R12 close and publish rules;
 *   <li>R13 what unsafeNoSync skips; R14 positional reads.
 * </ol>
 */
abstract class StorageContractTests extends KitTests {
  private static final long SEGMENT = 16 * 1024;
  private static final SegmentId SECOND = new SegmentId(1, 5);

  private TckFixture fixture;
  private Path location;

  private LogStorage storage() throws IOException {
    return BackendFiles.open(fixture, location, SEGMENT);
  }

  private LogStorage unsafeNoSyncStorage() throws IOException {
    return BackendFiles.open(fixture, location, new StorageOptions(SEGMENT, true));
  }

  private TckFixture start() throws IOException {
    fixture = newFixture();
    location = fixture.newLocation();
    return fixture;
  }

  private void crash(FaultPlan plan, long seed) throws IOException {
    location = fixture.crash(location, plan, seed);
  }

  private static void write(SegmentWriter writer, byte[] bytes) throws IOException {
    writer.write(bytes, 0, bytes.length);
  }

  private static byte[] bytes(long seed, int n) {
    return SamplePayloads.bytes(seed, n);
  }

  /** Creates the log with {@code head} synced in its published first segment. */
  private static SegmentWriter createLog(LogStorage storage, byte[] head) throws IOException {
    SegmentWriter writer = storage.create();
    write(writer, head);
    writer.sync();
    writer.publish(SegmentId.FIRST);
    return writer;
  }

  /** Seals the tail and publishes a second segment holding {@code head}, synced. */
  private static SegmentWriter cut(LogStorage storage, SegmentWriter tail, byte[] head)
      throws IOException {
    tail.seal();
    SegmentWriter next = storage.allocate();
    write(next, head);
    next.sync();
    next.publish(SECOND);
    return next;
  }

  /** Becomes the log's writer and holds {@code ids}, as the engine does when it opens a log. */
  private static void lockAndHold(LogStorage storage, SegmentId... ids) throws IOException {
    storage.lock();
    storage.hold(List.of(ids));
  }

  private byte[] read(SegmentId id) throws IOException {
    try (LogStorage reader = storage()) {
      return BackendFiles.read(reader, id);
    }
  }

  private static void assertStartsWith(byte[] expected, byte[] actual, String what) {
    assertTrue(
        actual.length >= expected.length,
        what + ": " + actual.length + " bytes, fewer than the " + expected.length + " synced");
    assertArrayEquals(expected, Arrays.copyOf(actual, expected.length), what);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }

  private static void closeQuietly(LogStorage storage) {
    try {
      storage.close();
    } catch (IOException | RuntimeException ignored) {
      // a crashed storage is dead; closing it may fail
    }
  }

  /**
   * R1: every byte written before {@code sync()} returned survives a crash, under every fault plan.
   * When it fails, check that sync forces the data to stable storage (fdatasync, not just a flush
   * to the operating system) and that nothing rewrites synced bytes.
   */
  @TestFactory
  Stream<DynamicTest> required_R1_syncedBytesSurviveEveryFaultPlan() throws IOException {
    start();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.CRASH),
        () -> {
          long seed = 1;
          for (FaultPlan plan : FaultPlan.all()) {
            location = fixture.newLocation();
            LogStorage storage = storage();
            byte[] synced = bytes(seed, 3000);
            SegmentWriter writer = createLog(storage, synced);
            byte[] more = bytes(seed + 1, 2000);
            write(writer, more);
            writer.sync();
            write(writer, bytes(seed + 2, 1500));
            String what = plan + ", seed " + seed;
            crash(plan, seed++);
            closeQuietly(storage);
            assertStartsWith(concat(synced, more), read(SegmentId.FIRST), what);
          }
        });
  }

  /**
   * R1: a sealed segment keeps exactly its written bytes across a crash: seal cuts the preallocated
   * space and syncs. When it fails, check that seal truncates to the position and syncs after it.
   */
  @TestFactory
  Stream<DynamicTest> required_R1_aSealedSegmentKeepsExactlyItsBytes() throws IOException {
    start();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.CRASH),
        () -> {
          LogStorage storage = storage();
          byte[] head = bytes(7, 700);
          SegmentWriter writer = createLog(storage, head);
          byte[] tail = bytes(8, 300);
          write(writer, tail);
          writer.seal();
          crash(FaultPlan.loseUnsynced(), 7);
          closeQuietly(storage);
          assertArrayEquals(concat(head, tail), read(SegmentId.FIRST));
        });
  }

  /**
   * R2: after {@code publish} returns the segment exists under its final name after a crash, under
   * every fault plan, dropped directory changes included. When it fails, check that publish syncs
   * the directory after the rename (or whatever makes the name durable in your store).
   */
  @TestFactory
  Stream<DynamicTest> required_R2_aPublishedSegmentSurvivesEveryFaultPlan() throws IOException {
    start();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.CRASH),
        () -> {
          long seed = 100;
          for (FaultPlan plan : FaultPlan.all()) {
            location = fixture.newLocation();
            LogStorage storage = storage();
            SegmentWriter first = createLog(storage, bytes(seed, 500));
            byte[] head = bytes(seed + 1, 200);
            cut(storage, first, head);
            String what = plan + ", seed " + seed;
            crash(plan, seed++);
            closeQuietly(storage);
            try (LogStorage after = storage()) {
              assertEquals(List.of(SegmentId.FIRST, SECOND), after.segments(), what);
            }
            assertStartsWith(head, read(SECOND), what);
          }
        });
  }

  /**
   * R2: a segment that was never published never appears under a segment's name after a crash,
   * though its bytes were synced. When it fails, check that staged segments live under temporary
   * names until publish.
   */
  @TestFactory
  Stream<DynamicTest> required_R2_aStagedSegmentNeverAppearsAfterACrash() throws IOException {
    start();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.CRASH),
        () -> {
          for (FaultPlan plan : List.of(FaultPlan.loseUnsynced(), FaultPlan.keepUnsynced())) {
            location = fixture.newLocation();
            LogStorage storage = storage();
            SegmentWriter first = createLog(storage, bytes(1, 100));
            first.seal();
            SegmentWriter staged = storage.allocate();
            write(staged, bytes(2, 100));
            staged.sync();
            crash(plan, 3);
            closeQuietly(storage);
            try (LogStorage after = storage()) {
              assertEquals(List.of(SegmentId.FIRST), after.segments(), plan.toString());
            }
          }
        });
  }

  /**
   * R3: a log whose first segment was created and synced but not published does not exist after a
   * crash, and can be created again. When it fails, check that create stages the log under a
   * temporary name and that only publish makes it appear.
   */
  @TestFactory
  Stream<DynamicTest> required_R3_anUnpublishedCreateLeavesNoLog() throws IOException {
    start();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.CRASH),
        () -> {
          for (FaultPlan plan :
              List.of(
                  FaultPlan.loseUnsynced(),
                  FaultPlan.keepUnsynced(),
                  FaultPlan.tear(512, FaultPlan.Fill.OLD))) {
            location = fixture.newLocation();
            LogStorage storage = storage();
            SegmentWriter writer = storage.create();
            write(writer, bytes(4, 300));
            writer.sync();
            crash(plan, 4);
            closeQuietly(storage);
            try (LogStorage after = storage()) {
              assertFalse(after.exists(), plan + ": the log exists before its publish");
              assertEquals(List.of(), after.segments(), plan.toString());
              createLog(after, bytes(5, 10));
              assertTrue(after.exists(), plan + ": the log can be created again");
            }
          }
        });
  }

  /**
   * R3: a staged log is not a log: until its first segment is published, {@code exists()} is false
   * and {@code segments()} lists nothing, to the writer and to others. When it fails, check that
   * create stages the first segment under a temporary name, not under the segment's own.
   */
  @Test
  void required_R3_aStagedLogIsNotListed() throws IOException {
    start();
    try (LogStorage creator = storage();
        LogStorage other = storage()) {
      SegmentWriter staged = creator.create();
      write(staged, bytes(1, 100));
      staged.sync();
      assertFalse(other.exists(), "other.exists() while the log is staged");
      assertEquals(List.of(), other.segments(), "other.segments() while the log is staged");
      assertEquals(List.of(), creator.segments(), "creator.segments() while the log is staged");
      staged.publish(SegmentId.FIRST);
      assertEquals(List.of(SegmentId.FIRST), other.segments(), "other.segments() once published");
    }
  }

  /**
   * R3: a published create survives a crash whole: the first segment with the bytes synced before
   * the publish. When it fails, check that publishing the created log syncs the parent directory.
   */
  @TestFactory
  Stream<DynamicTest> required_R3_aPublishedCreateSurvivesWhole() throws IOException {
    start();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.CRASH),
        () -> {
          for (FaultPlan plan : FaultPlan.all()) {
            location = fixture.newLocation();
            LogStorage storage = storage();
            byte[] head = bytes(6, 333);
            createLog(storage, head);
            crash(plan, 6);
            closeQuietly(storage);
            assertStartsWith(head, read(SegmentId.FIRST), plan + ", seed 6");
          }
        });
  }

  /**
   * R3: {@code create} refuses a location that holds a log. When it fails, check that create looks
   * for published segments before staging.
   */
  @Test
  void required_R3_createRefusesAnExistingLog() throws IOException {
    start();
    try (LogStorage writer = storage()) {
      createLog(writer, bytes(1, 10));
    }
    try (LogStorage other = storage()) {
      assertThrows(WalExistsException.class, other::create);
    }
  }

  /**
   * R4: after a crash every byte of a segment is a byte that was written at that offset, or a zero,
   * under every plan that keeps the contract. When it fails, the backend (or its crash) invents
   * bytes: stale blocks, reused buffers, garbage where a write did not land.
   */
  @TestFactory
  Stream<DynamicTest> required_R4_bytesNeverWrittenNeverAppear() throws IOException {
    start();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.CRASH),
        () -> {
          long seed = 200;
          for (FaultPlan plan : FaultPlan.allWithinContract()) {
            location = fixture.newLocation();
            LogStorage storage = storage();
            byte[] written = bytes(seed, 1000);
            SegmentWriter writer = createLog(storage, written);
            for (int i = 0; i < 5; i++) {
              byte[] more = bytes(seed * 10 + i, 700 + 300 * i);
              write(writer, more);
              written = concat(written, more);
              if (i == 2) {
                writer.sync();
              }
            }
            String what = plan + ", seed " + seed;
            crash(plan, seed++);
            closeQuietly(storage);
            byte[] after = read(SegmentId.FIRST);
            for (int i = 0; i < after.length; i++) {
              boolean ok = after[i] == 0 || (i < written.length && after[i] == written[i]);
              assertTrue(ok, what + ": byte " + i + " was never written there");
            }
          }
        });
  }

  /**
   * R4: a fresh segment reads as its written bytes followed by zeros up to its size. When it fails,
   * check that preallocation zero-fills (or leaves a sparse hole) rather than reusing old data.
   */
  @Test
  void required_R4_preallocatedSpaceReadsAsZeros() throws IOException {
    start();
    try (LogStorage storage = storage()) {
      byte[] head = bytes(9, 100);
      createLog(storage, head);
      byte[] all = BackendFiles.read(storage, SegmentId.FIRST);
      assertStartsWith(head, all, "the first segment");
      for (int i = head.length; i < all.length; i++) {
        assertEquals(0, all[i], "byte " + i + " past what was written");
      }
    }
  }

  /**
   * R4: a staged segment starts empty, even where a crash left an earlier one with bytes under the
   * same temporary name: after its head, a published segment reads as zeros. When it fails, check
   * that {@code allocate} empties a staged file it reuses.
   */
  @TestFactory
  Stream<DynamicTest> required_R4_aStagedSegmentStartsEmptyAfterACrash() throws IOException {
    start();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.CRASH),
        () -> {
          LogStorage first = storage();
          SegmentWriter tail = createLog(first, bytes(1, 10));
          tail.seal();
          for (int i = 0; i < 2; i++) {
            SegmentWriter abandoned = first.allocate();
            write(abandoned, bytes(2 + i, 3000));
            abandoned.sync();
          }
          crash(FaultPlan.keepUnsynced(), 4);
          closeQuietly(first);
          try (LogStorage second = storage()) {
            lockAndHold(second, SegmentId.FIRST);
            List<SegmentId> ids = List.of(SECOND, new SegmentId(2, 6));
            for (SegmentId id : ids) {
              SegmentWriter next = second.allocate();
              write(next, bytes(id.seq(), 20));
              next.sync();
              next.publish(id);
            }
            for (SegmentId id : ids) {
              byte[] all = BackendFiles.read(second, id);
              for (int i = 20; i < all.length; i++) {
                assertEquals(
                    0,
                    all[i],
                    "byte " + i + " of " + id + " holds what a writer before the crash staged");
              }
            }
          }
        });
  }

  /**
   * R5: a second storage in this process cannot become the writer of a log that has one, nor create
   * it; once the writer closes, it can. When it fails, check the lock registry: the lock must
   * exclude other storages of the same process, not only other processes.
   */
  @Test
  void required_R5_aSecondWriterInThisProcessIsRefused() throws IOException {
    start();
    try (LogStorage second = storage()) {
      try (LogStorage writer = storage()) {
        createLog(writer, bytes(1, 10));
        assertThrows(
            WalLockedException.class, second::lock, "second.lock() while a writer has the log");
        assertThrows(
            WalExistsException.class, second::create, "second.create() of an existing log");
      }
      lockAndHold(second, SegmentId.FIRST);
    }
  }

  /**
   * R5: the writer's lock belongs to the log, not to its segments: after the writer cut a segment
   * and released the old one (as after every snapshot), a second storage is still refused, and
   * holding segments needs the writer's lock. When it fails, check that the lock is taken before
   * the segments are listed and held for the writer's whole life: with segment locks alone, a
   * second writer that listed the segments before a cut locks every one of them after the release.
   */
  @Test
  void required_R5_aSecondWriterIsRefusedAfterACutAndARelease() throws IOException {
    start();
    try (LogStorage writer = storage();
        LogStorage second = storage()) {
      cut(writer, createLog(writer, bytes(1, 10)), bytes(2, 10));
      writer.release(SegmentId.FIRST);
      assertThrows(
          WalLockedException.class,
          second::lock,
          "second.lock() after the writer cut and released the first segment");
      assertThrows(
          IllegalStateException.class,
          () -> second.hold(List.of(SegmentId.FIRST)),
          "second.hold() without the writer's lock");
    }
  }

  /**
   * R5: two storages cannot create the same log at once. When it fails, check that the staged log
   * is locked while it is staged, and that its lock goes with it when it is published.
   */
  @Test
  void required_R5_twoCreatorsExcludeEachOther() throws IOException {
    start();
    try (LogStorage first = storage();
        LogStorage second = storage()) {
      SegmentWriter staged = first.create();
      IOException refused =
          assertThrows(
              IOException.class,
              second::create,
              "second.create() while the first storage stages the log");
      assertTrue(
          refused instanceof WalLockedException || refused instanceof WalExistsException,
          "a concurrent create must be refused as locked or existing, got " + refused);
      write(staged, bytes(2, 10));
      staged.sync();
      staged.publish(SegmentId.FIRST);
      assertThrows(
          WalLockedException.class,
          second::lock,
          "second.lock() of a log the first storage created");
    }
  }

  /**
   * R5: a refused writer holds nothing and changes nothing: the segments keep their bytes and a
   * released segment can still be purged. When it fails, check that a refused lock takes nothing
   * and writes nothing.
   */
  @Test
  void required_R5_aRefusedLockHoldsNothing() throws IOException {
    start();
    try (LogStorage writer = storage();
        LogStorage second = storage();
        LogStorage third = storage()) {
      cut(writer, createLog(writer, bytes(3, 10)), bytes(4, 10));
      writer.release(SegmentId.FIRST);
      byte[] before = BackendFiles.read(third, SECOND);
      assertThrows(
          WalLockedException.class, second::lock, "second.lock() while a writer has the log");
      assertArrayEquals(
          before, BackendFiles.read(third, SECOND), "a refused lock changed a segment");
      third.delete(SegmentId.FIRST);
      assertEquals(List.of(SECOND), third.segments());
    }
  }

  /**
   * R5 (optional): a writer in another process is refused too. The kit starts a JVM on the test
   * class path that opens the backend at the location and tries to lock the segment. When it fails,
   * check that the lock is an operating system lock (or your service's), not only an in-process
   * one.
   */
  @TestFactory
  Stream<DynamicTest> optional_R5_aSecondWriterInAnotherProcessIsRefused() throws IOException {
    start();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.CROSS_PROCESS_LOCKING),
        () -> {
          try (LogStorage writer = storage()) {
            createLog(writer, bytes(1, 10));
            assertEquals(
                LockProbe.HELD_ELSEWHERE,
                LockProbe.run(fixture, location),
                "a process locked the segment this process holds");
          }
          assertEquals(
              LockProbe.LOCKED,
              LockProbe.run(fixture, location),
              "a process could not lock the segment after this one let go");
        });
  }

  /**
   * R6: after a failed sync the storage refuses every write, sync and allocation, even once syncs
   * work again: retrying could report success for data the kernel already dropped (PostgreSQL's
   * fsync lesson). When it fails, poison the storage on the first failed sync.
   */
  @TestFactory
  Stream<DynamicTest> required_R6_aFailedSyncIsFinal() throws IOException {
    start();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.FAILING_SYNC),
        () -> {
          try (LogStorage storage = storage()) {
            SegmentWriter writer = createLog(storage, bytes(1, 10));
            fixture.failSyncs(location, 0);
            write(writer, bytes(2, 10));
            assertThrows(IOException.class, writer::sync, "writer.sync() while syncs fail");
            fixture.clearFailures(location);
            assertThrows(
                IOException.class,
                writer::sync,
                "writer.sync() after a failed one: a retried sync may report data the kernel dropped");
            assertThrows(
                IOException.class,
                () -> write(writer, bytes(3, 10)),
                "writer.write() after a failed sync");
            assertThrows(IOException.class, writer::seal, "writer.seal() after a failed sync");
            assertThrows(
                IOException.class,
                storage::allocate,
                "storage.allocate() after its writer's sync failed: the storage shares the poison");
          }
        });
  }

  /**
   * R6: a failed sync poisons the whole storage, not only its writer: publishing, cutting, opening
   * a tail, truncating, backing up and deleting all refuse, even once syncs work again. When it
   * fails, check that the failure is kept by the storage and that every writing call checks it, and
   * that a failed sync is not retried.
   */
  @TestFactory
  Stream<DynamicTest> required_R6_aFailedSyncPoisonsTheWholeStorage() throws IOException {
    start();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.FAILING_SYNC),
        () -> {
          try (LogStorage storage = storage()) {
            SegmentWriter first = createLog(storage, bytes(1, 10));
            first.seal();
            SegmentWriter staged = storage.allocate();
            write(staged, bytes(2, 10));
            fixture.failSyncs(location, 0);
            assertThrows(IOException.class, staged::sync, "staged.sync() while syncs fail");
            fixture.clearFailures(location);
            assertThrows(IOException.class, staged::sync, "staged.sync() once syncs work again");
            assertThrows(
                IOException.class, () -> staged.publish(SECOND), "staged.publish() after it");
            assertThrows(IOException.class, storage::allocate, "storage.allocate() after it");
            assertThrows(
                IOException.class,
                () -> storage.openTail(SegmentId.FIRST, 10),
                "storage.openTail() after it");
            assertThrows(
                IOException.class,
                () -> storage.truncate(SegmentId.FIRST, 5),
                "storage.truncate() after it");
            storage.release(SegmentId.FIRST);
            assertThrows(
                IOException.class,
                () -> storage.delete(SegmentId.FIRST),
                "storage.delete() after it");
          }
        });
  }

  /**
   * R6: after a failed write (the disk is full) the storage refuses every later write and sync,
   * even once space returns. When it fails, poison the storage on the first failed write.
   */
  @TestFactory
  Stream<DynamicTest> required_R6_aFailedWriteIsFinal() throws IOException {
    start();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.DISK_FULL),
        () -> {
          try (LogStorage storage = storage()) {
            SegmentWriter writer = createLog(storage, bytes(1, 10));
            fixture.setCapacity(location, 0);
            assertThrows(
                IOException.class,
                () -> write(writer, bytes(2, (int) SEGMENT * 2)),
                "writer.write() that grows the log past a full disk");
            fixture.setCapacity(location, Long.MAX_VALUE);
            assertThrows(
                IOException.class,
                () -> write(writer, bytes(3, 10)),
                "writer.write() after a failed write, once space returned");
            assertThrows(IOException.class, writer::sync, "writer.sync() after a failed write");
          }
        });
  }

  /**
   * R6: a poisoned storage is closed and a new one works: reopening is the way out. When it fails,
   * check that poison belongs to the storage, not to the location.
   */
  @TestFactory
  Stream<DynamicTest> required_R6_aNewStorageWorksAfterAFailedSync() throws IOException {
    start();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.FAILING_SYNC),
        () -> {
          byte[] head = bytes(1, 64);
          try (LogStorage storage = storage()) {
            SegmentWriter writer = createLog(storage, head);
            fixture.failSyncs(location, 0);
            write(writer, bytes(2, 10));
            assertThrows(IOException.class, writer::sync, "writer.sync() while syncs fail");
            fixture.clearFailures(location);
          }
          try (LogStorage storage = storage()) {
            lockAndHold(storage, SegmentId.FIRST);
            SegmentWriter tail = storage.openTail(SegmentId.FIRST, head.length);
            byte[] more = bytes(3, 32);
            write(tail, more);
            tail.sync();
            assertStartsWith(
                concat(head, more), BackendFiles.read(storage, SegmentId.FIRST), "after reopening");
          }
        });
  }

  /**
   * R7: reading needs no lock: another storage lists and reads the segments a writer holds, the
   * synced bytes and, where the backend has {@link StorageCapability#UNSYNCED_READS}, the unsynced
   * ones (else a prefix of them), and a reader's size is fixed when it opens. When it fails, check
   * that readers do not take (or drop) the writer's lock.
   */
  @Test
  void required_R7_readersNeedNoLock() throws IOException {
    start();
    try (LogStorage writer = storage();
        LogStorage reader = storage()) {
      byte[] synced = bytes(1, 100);
      SegmentWriter tail = createLog(writer, synced);
      byte[] unsynced = bytes(2, 50);
      write(tail, unsynced);
      assertEquals(List.of(SegmentId.FIRST), reader.segments());
      byte[] seen = BackendFiles.read(reader, SegmentId.FIRST);
      byte[] written = concat(synced, unsynced);
      if (BackendFiles.capabilities(fixture).contains(StorageCapability.UNSYNCED_READS)) {
        assertStartsWith(written, seen, "what a reader sees");
      } else {
        assertStartsWith(synced, seen, "what a reader sees");
        assertTrue(seen.length <= written.length, "a reader saw bytes nobody wrote");
        assertStartsWith(seen, written, "what a reader sees, a prefix of what was written");
      }
      try (SegmentReader open = reader.openReader(SegmentId.FIRST)) {
        long size = open.size();
        write(tail, bytes(3, (int) SEGMENT + 100));
        long read = 0;
        byte[] buffer = new byte[4096];
        for (int n; (n = open.read(buffer, 0, buffer.length)) >= 0; ) {
          read += n;
        }
        assertEquals(size, read, "a reader saw bytes appended after it opened");
      }
      assertThrows(WalLockedException.class, reader::lock, "reading dropped the writer's lock");
    }
  }

  /**
   * R8: {@code delete} refuses a segment any writer holds, this storage included, and deletes it
   * once released. When it fails, check that delete takes the segment's lock first.
   */
  @Test
  void required_R8_deleteRefusesAHeldSegment() throws IOException {
    start();
    try (LogStorage writer = storage();
        LogStorage other = storage()) {
      cut(writer, createLog(writer, bytes(1, 10)), bytes(2, 10));
      assertThrows(WalLockedException.class, () -> other.delete(SegmentId.FIRST));
      assertThrows(WalLockedException.class, () -> writer.delete(SegmentId.FIRST));
      writer.release(SegmentId.FIRST);
      other.delete(SegmentId.FIRST);
      assertEquals(List.of(SECOND), other.segments());
      assertEquals(List.of(SECOND), writer.segments());
    }
  }

  /**
   * R8: a delete is durable: the segment stays gone after a crash that drops unsynced directory
   * changes. When it fails, check that delete syncs the directory.
   */
  @TestFactory
  Stream<DynamicTest> required_R8_aDeleteIsDurable() throws IOException {
    start();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.CRASH),
        () -> {
          LogStorage writer = storage();
          cut(writer, createLog(writer, bytes(1, 10)), bytes(2, 10));
          writer.release(SegmentId.FIRST);
          writer.delete(SegmentId.FIRST);
          crash(FaultPlan.loseUnsynced(), 8);
          closeQuietly(writer);
          try (LogStorage after = storage()) {
            assertEquals(List.of(SECOND), after.segments());
          }
        });
  }

  /** R8: deleting a segment that is not there throws {@link NoSuchFileException}. */
  @Test
  void required_R8_deletingAMissingSegmentThrowsNoSuchFile() throws IOException {
    start();
    try (LogStorage storage = storage()) {
      createLog(storage, bytes(1, 10)).seal();
      storage.release(SegmentId.FIRST);
      assertThrows(NoSuchFileException.class, () -> storage.delete(new SegmentId(9, 99)));
    }
  }

  /**
   * R9: {@code segments()} lists the published segments in sequence order, {@code exists()} says
   * whether there is one, and an empty location has none. When it fails, check the parsing and the
   * sort of segment names (unsigned hex).
   */
  @Test
  void required_R9_segmentsAreListedInOrder() throws IOException {
    start();
    try (LogStorage empty = storage()) {
      assertFalse(empty.exists());
      assertEquals(List.of(), empty.segments());
    }
    List<SegmentId> expected =
        List.of(
            SegmentId.FIRST,
            new SegmentId(1, 3),
            new SegmentId(2, 9),
            new SegmentId(3, 0x10),
            new SegmentId(4, 0x100));
    try (LogStorage storage = storage()) {
      SegmentWriter tail = createLog(storage, bytes(1, 10));
      for (SegmentId id : expected.subList(1, expected.size())) {
        tail.seal();
        tail = storage.allocate();
        write(tail, bytes(id.seq(), 10));
        tail.sync();
        tail.publish(id);
      }
    }
    try (LogStorage reader = storage()) {
      assertTrue(reader.exists());
      assertEquals(expected, reader.segments());
    }
  }

  /**
   * R9: segments are listed by sequence number, also when several start at the same index, which
   * the engine writes when saves of hard states alone are followed by cuts ({@code …1-…2}, {@code
   * …2-…2}, {@code …3-…2}). When it fails, check that the listing is keyed and sorted by the whole
   * {@link SegmentId} (its sequence first), not by the first index.
   */
  @Test
  void required_R9_segmentsWithTheSameFirstIndexAreListedBySequence() throws IOException {
    start();
    List<SegmentId> expected =
        List.of(
            SegmentId.FIRST,
            new SegmentId(1, 2),
            new SegmentId(2, 2),
            new SegmentId(3, 2),
            new SegmentId(4, 3));
    try (LogStorage storage = storage()) {
      SegmentWriter tail = createLog(storage, bytes(1, 10));
      for (SegmentId id : expected.subList(1, expected.size())) {
        tail.seal();
        tail = storage.allocate();
        write(tail, bytes(id.seq(), 10));
        tail.sync();
        tail.publish(id);
      }
      assertEquals(expected, storage.segments(), "the writer's listing");
    }
    try (LogStorage reader = storage()) {
      assertEquals(expected, reader.segments(), "a new storage's listing");
    }
  }

  /**
   * R10: {@code openTail} appends at the given offset of a locked segment. When it fails, check the
   * writer's starting position and that opening a tail keeps the bytes before it.
   */
  @Test
  void required_R10_openTailAppendsAtTheOffset() throws IOException {
    start();
    byte[] head = bytes(1, 40);
    try (LogStorage storage = storage()) {
      createLog(storage, head);
    }
    try (LogStorage storage = storage()) {
      lockAndHold(storage, SegmentId.FIRST);
      SegmentWriter tail = storage.openTail(SegmentId.FIRST, head.length);
      assertEquals(head.length, tail.position());
      byte[] more = bytes(2, 24);
      write(tail, more);
      tail.sync();
      assertEquals(head.length + more.length, tail.position());
      assertStartsWith(concat(head, more), BackendFiles.read(storage, SegmentId.FIRST), "the tail");
    }
  }

  /**
   * R11: {@code truncate} cuts a locked segment to the size, durably. When it fails, check that the
   * truncate is followed by a sync.
   */
  @Test
  void required_R11_truncateCutsTheSegmentDurably() throws IOException {
    start();
    LogStorage storage = storage();
    byte[] head = bytes(1, 900);
    createLog(storage, head).seal();
    storage.truncate(SegmentId.FIRST, 333);
    assertArrayEquals(Arrays.copyOf(head, 333), BackendFiles.read(storage, SegmentId.FIRST));
    if (fixture.capabilities().contains(Capability.CRASH)) {
      crash(FaultPlan.loseUnsynced(), 11);
      assertArrayEquals(Arrays.copyOf(head, 333), read(SegmentId.FIRST), "after a crash");
    }
    closeQuietly(storage);
  }

  /**
   * R11: {@code backup} copies a segment without changing it, and the copy is not a segment. When
   * it fails, check the backup's name: it must not parse as a segment's.
   */
  @Test
  void required_R11_backupLeavesTheSegmentsAlone() throws IOException {
    start();
    try (LogStorage storage = storage()) {
      byte[] head = bytes(1, 500);
      createLog(storage, head).seal();
      byte[] before = BackendFiles.read(storage, SegmentId.FIRST);
      String backup = storage.backup(SegmentId.FIRST);
      assertTrue(backup != null && !backup.isEmpty(), "backup names the copy");
      assertTrue(
          SegmentId.parse(backup).isEmpty(), "the backup " + backup + " looks like a segment");
      assertEquals(List.of(SegmentId.FIRST), storage.segments());
      assertArrayEquals(before, BackendFiles.read(storage, SegmentId.FIRST));
    }
  }

  /**
   * R11: a backup is durable: after a crash it reads back whole, under every fault plan. When it
   * fails, check that {@code backup} syncs the copy and the directory that names it.
   */
  @TestFactory
  Stream<DynamicTest> required_R11_aBackupIsDurable() throws IOException {
    start();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.CRASH, Capability.READ_BACKUPS),
        () -> {
          long seed = 300;
          for (FaultPlan plan : FaultPlan.all()) {
            location = fixture.newLocation();
            LogStorage storage = storage();
            createLog(storage, bytes(seed, 900)).seal();
            byte[] before = BackendFiles.read(storage, SegmentId.FIRST);
            String backup = storage.backup(SegmentId.FIRST);
            String what = plan + ", seed " + seed;
            crash(plan, seed++);
            closeQuietly(storage);
            assertArrayEquals(
                before,
                fixture.readBackup(location, backup),
                what + ": the backup " + backup + " after a crash");
          }
        });
  }

  /**
   * R11: a second backup of a segment does not overwrite the first: two repairs, two backups, with
   * distinct names, both whole. When it fails, check that {@code backup} picks a name no earlier
   * backup has ({@code <segment>.broken.N}).
   */
  @TestFactory
  Stream<DynamicTest> required_R11_aSecondBackupKeepsTheFirst() throws IOException {
    start();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.READ_BACKUPS),
        () -> {
          try (LogStorage storage = storage()) {
            createLog(storage, bytes(1, 900)).seal();
            byte[] first = BackendFiles.read(storage, SegmentId.FIRST);
            String firstBackup = storage.backup(SegmentId.FIRST);
            storage.truncate(SegmentId.FIRST, 400);
            byte[] second = BackendFiles.read(storage, SegmentId.FIRST);
            String secondBackup = storage.backup(SegmentId.FIRST);
            assertFalse(firstBackup.equals(secondBackup), "both backups are named " + firstBackup);
            assertArrayEquals(first, fixture.readBackup(location, firstBackup), "the first backup");
            assertArrayEquals(
                second, fixture.readBackup(location, secondBackup), "the second backup");
          }
        });
  }

  /**
   * R13: {@code unsafeNoSync} skips the syncs of data only: publishing, truncating, deleting and
   * backing up stay durable, as etcd keeps its renames and directory syncs under its unsafe
   * no-fsync. After a crash the published segments are listed under their names, the deleted one is
   * gone, the truncated one is no longer than its cut and the backup is there. When it fails, check
   * that the backend skips no directory sync, and no truncate's sync, in that mode.
   */
  @TestFactory
  Stream<DynamicTest> required_R13_unsafeNoSyncKeepsNamesAndCutsDurable() throws IOException {
    start();
    return onlyWith(
        fixture,
        EnumSet.of(Capability.CRASH),
        () -> {
          LogStorage storage = unsafeNoSyncStorage();
          SegmentWriter first = createLog(storage, bytes(1, 900));
          first.seal();
          SegmentWriter second = storage.allocate();
          write(second, bytes(2, 900));
          second.publish(SECOND);
          second.seal();
          SegmentId third = new SegmentId(2, 9);
          SegmentWriter tail = storage.allocate();
          write(tail, bytes(3, 900));
          tail.publish(third);
          storage.truncate(SECOND, 100);
          String backup = storage.backup(SECOND);
          storage.release(SegmentId.FIRST);
          storage.delete(SegmentId.FIRST);
          crash(FaultPlan.loseUnsynced(), 13);
          closeQuietly(storage);
          try (LogStorage after = storage()) {
            assertEquals(
                List.of(SECOND, third),
                after.segments(),
                "the segments after a crash, with unsafeNoSync");
            assertTrue(
                BackendFiles.read(after, SECOND).length <= 100,
                "the truncated segment grew back after a crash, with unsafeNoSync");
          }
          if (fixture.capabilities().contains(Capability.READ_BACKUPS)) {
            assertNotNull(
                fixture.readBackup(location, backup),
                "the backup " + backup + " after a crash, with unsafeNoSync");
          }
        });
  }

  /**
   * R12: closing a storage releases its locks and discards a staged segment that was never
   * published. When it fails, check close: it must let go of everything, idempotently.
   */
  @Test
  void required_R12_closeReleasesLocksAndStagedSegments() throws IOException {
    start();
    try (LogStorage next = storage()) {
      LogStorage writer = storage();
      try (writer) {
        SegmentWriter first = createLog(writer, bytes(1, 10));
        first.seal();
        write(writer.allocate(), bytes(2, 10));
      }
      writer.close(); // a second close does nothing
      lockAndHold(next, SegmentId.FIRST);
      assertEquals(List.of(SegmentId.FIRST), next.segments());
    }
  }

  /** R12: a segment is published once; a second publish throws {@link IllegalStateException}. */
  @Test
  void required_R12_aSegmentIsPublishedOnce() throws IOException {
    start();
    try (LogStorage storage = storage()) {
      SegmentWriter first = createLog(storage, bytes(1, 10));
      assertEquals(SegmentId.FIRST, first.id());
      assertThrows(IllegalStateException.class, () -> first.publish(SECOND));
    }
  }

  /**
   * R14: a positional read sees what the writer wrote after the reader was opened, synced or not,
   * and reads past the end as -1. When it fails, check that {@code readAt} reads the segment as it
   * is now, not as it was when the reader opened (a size taken at open ends it too early).
   */
  @Test
  void required_R14_readAtSeesWhatWasWrittenAfterTheReaderOpened() throws IOException {
    start();
    byte[] head = bytes(1, 100);
    byte[] later = bytes(2, 300);
    try (LogStorage storage = storage()) {
      SegmentWriter writer = createLog(storage, head);
      try (SegmentReader reader = storage.openReader(SegmentId.FIRST)) {
        write(writer, later);
        byte[] got = new byte[later.length];
        assertEquals(
            later.length,
            readFully(reader, head.length, got),
            "readAt of the bytes written, unsynced, after the reader opened");
        assertArrayEquals(later, got, "readAt of the bytes written after the reader opened");
        writer.seal();
        assertEquals(
            -1,
            reader.readAt(head.length + later.length, new byte[8], 0, 8),
            "readAt at the end of a sealed segment");
        assertEquals(
            -1, reader.readAt(Long.MAX_VALUE / 2, new byte[8], 0, 8), "readAt far past the end");
      }
    }
  }

  /**
   * R14: positional reads from many threads at once, beside sequential reads, each get the bytes at
   * their position. When it fails, check that {@code readAt} shares no position or buffer between
   * calls.
   */
  @Test
  void required_R14_readAtFromManyThreadsAtOnce() throws Exception {
    start();
    byte[] content = bytes(3, 64 * 1024);
    try (LogStorage storage = storage()) {
      SegmentWriter writer = createLog(storage, content);
      writer.seal();
      try (SegmentReader reader = storage.openReader(SegmentId.FIRST)) {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
          List<Future<String>> results = new ArrayList<>();
          for (int t = 0; t < 4; t++) {
            long seed = t;
            results.add(threads.submit(() -> readAtRandom(reader, content, seed)));
          }
          byte[] sequential = new byte[content.length];
          int n = 0;
          for (int r; n < sequential.length && (r = reader.read(sequential, n, 4096)) > 0; n += r) {
            assertTrue(r <= 4096, "read more than asked");
          }
          assertArrayEquals(content, sequential, "a sequential read beside positional ones");
          for (Future<String> result : results) {
            assertEquals("", result.get(), "a positional read from one of four threads");
          }
        } finally {
          threads.shutdownNow();
        }
      }
    }
  }

  private static String readAtRandom(SegmentReader reader, byte[] content, long seed)
      throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 2000; i++) {
      int at = random.nextInt(content.length);
      byte[] got = new byte[random.nextInt(1, Math.min(513, content.length - at + 1))];
      if (readFully(reader, at, got) != got.length
          || !Arrays.equals(got, 0, got.length, content, at, at + got.length)) {
        return "the "
            + got.length
            + " bytes at "
            + at
            + " differ (seed "
            + seed
            + ", read "
            + i
            + ")";
      }
    }
    return "";
  }

  /** Reads {@code into.length} bytes at {@code position}, as many calls as it takes. */
  private static int readFully(SegmentReader reader, long position, byte[] into)
      throws IOException {
    int n = 0;
    while (n < into.length) {
      int r = reader.readAt(position + n, into, n, into.length - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    return n;
  }
}
