package io.github.jwal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import io.github.jwal.spi.SegmentId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sync latency, observable as etcd makes it (docs/writing.md, Sync and timing): every fdatasync is
 * timed (etcd's {@code wal_fsync_duration_seconds}), and one slower than {@code warnSyncDuration}
 * is logged.
 */
class WalSyncFileTest extends WalFileTestBase {
  private final List<String> synced = new CopyOnWriteArrayList<>();

  private WalOptions listening(Path dir) {
    return options(dir).withSyncListener((segment, took) -> synced.add(segment));
  }

  // etcd: sync() times every fdatasync, Create's included (it ends in SaveSnapshot, which syncs)
  @ParameterizedTest
  @EnumSource(Fs.class)
  void theListenerSeesTheSyncsOfCreateAndSaves(Fs fs) throws IOException {
    try (Wal wal = Wal.create(listening(root(fs).resolve("wal")), null)) {
      wal.save(new HardState(1, 1, 0), List.of(Entry.of(1, 1, bytes("one"))));
      wal.save(new HardState(1, 1, 1), List.of());
      wal.sync();
    }

    assertEquals(
        Collections.nCopies(3, SegmentId.FIRST.fileName()),
        synced,
        "the create, the save with an entry, and the explicit sync of the commit-only save; close"
            + " had nothing new");
  }

  // etcd: cut() syncs the old tail (the save's own sync) and then the new segment's head. jwal
  // syncs
  // both at once, and publishes the new segment only after both.
  @ParameterizedTest
  @EnumSource(Fs.class)
  void theListenerSeesBothSyncsOfACut(Fs fs) throws IOException {
    Path dir = root(fs).resolve("wal");
    List<Long> publishedAtSync = new CopyOnWriteArrayList<>();
    // A segment size below the head's makes the save cut.
    Wal wal =
        create(
            options(dir)
                .withSegmentBytes(8)
                .withSyncListener(
                    (segment, took) -> {
                      synced.add(segment);
                      publishedAtSync.add(segmentFiles(dir));
                    }),
            null);
    synced.clear();
    publishedAtSync.clear();

    wal.save(HardState.EMPTY, List.of(Entry.of(1, 1, bytes("one"))));

    assertEquals(List.of(SegmentId.FIRST, id(1, 2)), wal.lockedSegments());
    assertEquals(2, synced.size(), "the old tail, sealed, and the new segment's head: " + synced);
    assertEquals(Set.of(SegmentId.FIRST.fileName(), "the next segment"), Set.copyOf(synced));
    assertEquals(
        List.of(1L, 1L), publishedAtSync, "both synced before the new segment is published");
  }

  /** The published segments in {@code dir}; none while the log is being created elsewhere. */
  private static long segmentFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> SegmentId.parse(f.getFileName().toString()).isPresent()).count();
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<CapturingLoggerFinder.Logged> warningsAbout(Path dir) {
    return CapturingLoggerFinder.logged().stream()
        .filter(l -> l.logger().equals(Wal.class.getName()))
        .filter(l -> l.level() == Level.WARNING)
        .filter(l -> l.message().contains(dir.toString()))
        .toList();
  }

  // etcd: "slow fdatasync" above warnSyncDuration (docs/writing.md, Sync and timing), here with a
  // zero threshold so that every real sync is slow
  @Test
  void aSyncSlowerThanTheThresholdIsLoggedAsAWarning() throws IOException {
    Path dir = tempDir.resolve("wal");

    try (Wal wal = Wal.create(options(dir).withSlowSyncWarning(Duration.ZERO), null)) {
      wal.save(new HardState(1, 1, 0), List.of(Entry.of(1, 1, bytes("one"))));
    }

    List<CapturingLoggerFinder.Logged> warnings = warningsAbout(dir);
    assertTrue(!warnings.isEmpty(), CapturingLoggerFinder.logged()::toString);
    String message = warnings.get(0).message();
    assertTrue(message.contains("slow sync of " + SegmentId.FIRST.fileName()), message);
  }

  @Test
  void aSyncWithinTheThresholdIsNotLogged() throws IOException {
    Path dir = tempDir.resolve("wal");

    try (Wal wal = Wal.create(options(dir).withSlowSyncWarning(Duration.ofHours(1)), null)) {
      wal.save(new HardState(1, 1, 0), List.of(Entry.of(1, 1, bytes("one"))));
    }

    assertEquals(List.of(), warningsAbout(dir));
  }
}
