package io.github.jwal.log;

import io.github.jwal.WalClosedException;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The open readers that reads by index go through: one per segment, opened at its first read and
 * kept, at most {@link #MAX_OPEN} of them, the least recently used retired beyond that, so that a
 * log of thousands of segments does not hold thousands of descriptors. Thread-safe: a reader is
 * used from many threads at once through {@link SegmentReader#readAt}, which rule R14 makes safe,
 * and a retired reader is closed by the last read that still uses it.
 */
final class SegmentReaders {
  static final int MAX_OPEN = 64;

  private final LogStorage storage;
  private final Map<SegmentId, Use> open = new LinkedHashMap<>(16, 0.75f, true);
  private boolean closed;

  /** A reader and the reads using it. */
  static final class Use {
    final SegmentReader reader;
    private int users;
    private boolean retired;

    private Use(SegmentReader reader) {
      this.reader = reader;
    }
  }

  SegmentReaders(LogStorage storage) {
    this.storage = storage;
  }

  /** The reader of {@code id}, opened if need be; give it back with {@link #release}. */
  Use acquire(SegmentId id) throws IOException {
    synchronized (this) {
      checkOpen();
      Use use = open.get(id);
      if (use != null) {
        use.users++;
        return use;
      }
    }
    SegmentReader reader = storage.openReader(id);
    List<SegmentReader> toClose = new ArrayList<>();
    try {
      synchronized (this) {
        Use use = open.get(id);
        if (use != null || closed) {
          toClose.add(reader);
          checkOpen();
        } else {
          use = new Use(reader);
          open.put(id, use);
          retireBeyondLimit(toClose);
        }
        use.users++;
        return use;
      }
    } finally {
      closeAll(toClose);
    }
  }

  /** Gives back what {@link #acquire} returned. */
  void release(Use use) throws IOException {
    synchronized (this) {
      use.users--;
      if (!use.retired || use.users > 0) {
        return;
      }
    }
    use.reader.close();
  }

  /**
   * Retires the reader of a segment no entry lies in any more. A reader that fails to close holds
   * nothing the log needs, so the failure is not the caller's.
   */
  void forget(SegmentId id) {
    List<SegmentReader> toClose = new ArrayList<>();
    synchronized (this) {
      Use use = open.remove(id);
      if (use != null) {
        retire(use, toClose);
      }
    }
    try {
      closeAll(toClose);
    } catch (IOException ignored) {
      // see above
    }
  }

  /** Retires every reader; reads in flight close theirs when they finish. */
  void close() throws IOException {
    List<SegmentReader> toClose = new ArrayList<>();
    synchronized (this) {
      closed = true;
      for (Use use : open.values()) {
        retire(use, toClose);
      }
      open.clear();
    }
    closeAll(toClose);
  }

  private void checkOpen() throws WalClosedException {
    if (closed) {
      throw WalClosedException.closed();
    }
  }

  private void retireBeyondLimit(List<SegmentReader> toClose) {
    Iterator<Use> eldest = open.values().iterator();
    while (open.size() > MAX_OPEN && eldest.hasNext()) {
      Use use = eldest.next();
      eldest.remove();
      retire(use, toClose);
    }
  }

  private static void retire(Use use, List<SegmentReader> toClose) {
    use.retired = true;
    if (use.users == 0) {
      toClose.add(use.reader);
    }
  }

  private static void closeAll(List<SegmentReader> readers) throws IOException {
    IOException failure = null;
    for (SegmentReader reader : readers) {
      try {
        reader.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
