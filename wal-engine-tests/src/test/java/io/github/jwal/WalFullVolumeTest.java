package io.github.jwal;

import static io.github.jwal.TestLogs.entries;
import static io.github.jwal.TestLogs.freshOptions;
import static io.github.jwal.TestLogs.readOnly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jwal.memory.InMemoryStorageProvider;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A save that may fill the tail on a full volume is refused whole; the log goes on. */
class WalFullVolumeTest {
  @AfterEach
  void discardVolumes() {
    InMemoryStorageProvider.discardAll();
  }

  @Test
  void aSaveThatMayFillTheTailIsRefusedWholeAndTheSameSaveSucceedsOnceSpaceReturns()
      throws Exception {
    WalOptions options = freshOptions().withSegmentBytes(8192);
    List<Entry> saved = new ArrayList<>(entries(1, 1, 2, 100));
    try (Wal wal = Wal.create(options, null)) {
      wal.save(new HardState(1, 1, 0), saved);
      TestLogs.volume(options).setCapacity(0);
      List<Entry> filling = entries(1, 3, 3, 8192);

      WalException refused =
          assertThrows(WalException.class, () -> wal.save(HardState.EMPTY, filling));

      assertFalse(refused instanceof WalClosedException, refused.toString());
      wal.save(new HardState(1, 1, 2), entries(1, 3, 3, 100));
      TestLogs.volume(options).setCapacity(Long.MAX_VALUE);
      wal.save(HardState.EMPTY, entries(1, 4, 4, 8192));
      wal.sync();
      saved.addAll(entries(1, 3, 3, 100));
      saved.addAll(entries(1, 4, 4, 8192));
    }
    assertEquals(saved, readOnly(options, Snapshot.ZERO).entries());
  }
}
