package io.github.jwal.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import io.github.jwal.Wal;
import io.github.jwal.WalClosedException;
import io.github.jwal.WalException;
import io.github.jwal.WalOptions;
import io.github.jwal.tck.fs.CrashableJimfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10: with room for the log's first segment but not for the next, the pipeline's background
 * preparation of the spare fails. That is not a failed write: saves that fit the tail go on, the
 * save that needs the next segment is refused whole (the preparation is retried first), and once
 * space returns the log cuts; nothing acknowledged is lost, and the log is never poisoned.
 */
class FullDiskTest {
  private static final long SEGMENT = 64 * 1024;

  private CrashableJimfs disk;
  private WalOptions options;

  @BeforeEach
  void diskWithRoomForOneSegment() throws IOException {
    disk = CrashableJimfs.create();
    Path dir = disk.fileSystem().getPath("/data/wal");
    Files.createDirectories(dir.getParent());
    disk.makeDurable();
    disk.setCapacity(SEGMENT + 4096);
    options = WalOptions.at(dir).withStorage(FileStorageProvider.NAME).withSegmentBytes(SEGMENT);
  }

  @AfterEach
  void closeDisk() throws IOException {
    disk.close();
  }

  @Test
  void theSaveThatNeedsTheNextSegmentIsRefusedWholeAndTheLogGoesOn() throws IOException {
    List<Entry> saved = new ArrayList<>();
    try (Wal wal = Wal.create(options, null)) {
      for (long i = 1; i <= 10; i++) {
        wal.save(new HardState(1, 1, i - 1), List.of(WalFileTestBase.entry(1, i, 1000)));
        saved.add(WalFileTestBase.entry(1, i, 1000));
      }
      Entry filling = WalFileTestBase.entry(1, 11, (int) SEGMENT);

      WalException refused =
          assertThrows(WalException.class, () -> wal.save(HardState.EMPTY, List.of(filling)));

      assertFalse(refused instanceof WalClosedException, refused.toString());
      assertTrue(
          refused.getMessage().contains("nothing of the save was written"), refused::toString);
      assertTrue(refused.getMessage().contains("preallocate"), refused::toString);
      wal.save(new HardState(1, 1, 10), List.of());
      wal.sync();
      assertEquals(1, wal.lockedSegments().size());

      disk.setCapacity(Long.MAX_VALUE);
      wal.save(HardState.EMPTY, List.of(filling));
      saved.add(filling);
      // etcd cuts by the file offset its buffered writer has reached: one save late
      // (docs/writing.md, When a segment is cut).
      wal.save(new HardState(1, 1, 11), List.of(WalFileTestBase.entry(1, 12, 10)));
      saved.add(WalFileTestBase.entry(1, 12, 10));
      assertEquals(2, wal.lockedSegments().size(), "the tail was cut once filled");
    }
    try (Wal reopened = Wal.open(options, Snapshot.ZERO)) {
      assertEquals(saved, reopened.readAll().entries());
    }
  }
}
