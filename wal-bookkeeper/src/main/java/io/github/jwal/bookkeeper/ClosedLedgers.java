package io.github.jwal.bookkeeper;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.bookkeeper.client.api.ReadHandle;

/**
 * The read handles of closed ledgers one client opened, least recently used first, at most {@value
 * #CAPACITY}: a closed ledger never changes, so every reader of it may share one handle. Evicted
 * handles are closed. Thread-safe.
 */
final class ClosedLedgers {
  static final int CAPACITY = 512;

  private final Map<Long, ReadHandle> handles =
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ReadHandle> eldest) {
          if (size() > CAPACITY) {
            eldest.getValue().closeAsync();
            return true;
          }
          return false;
        }
      };

  synchronized ReadHandle get(long ledgerId) {
    return handles.get(ledgerId);
  }

  /** Caches {@code handle} unless one is there, and returns the one cached. */
  synchronized ReadHandle put(long ledgerId, ReadHandle handle) {
    ReadHandle there = handles.putIfAbsent(ledgerId, handle);
    if (there != null) {
      handle.closeAsync();
      return there;
    }
    return handle;
  }

  synchronized void remove(long ledgerId) {
    ReadHandle gone = handles.remove(ledgerId);
    if (gone != null) {
      gone.closeAsync();
    }
  }
}
