package io.github.jwal.cli;

import io.github.jwal.Entry;
import io.github.jwal.ReplayHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * Receives a replay's entries: counts them and tracks their index range, and keeps them when asked.
 * Entries arrive one at a time, so those read before an error are still here after it.
 */
final class EntrySink implements ReplayHandler {
  private final List<Entry> kept;
  private long first;
  private long last;
  private boolean any;

  private EntrySink(List<Entry> kept) {
    this.kept = kept;
  }

  /** Keeps every entry, for a dump. */
  static EntrySink keeping() {
    return new EntrySink(new ArrayList<>());
  }

  /** Counts without keeping, so that memory stays bounded on a large log. */
  static EntrySink counting() {
    return new EntrySink(null);
  }

  @Override
  public void append(Entry entry) {
    if (!any) {
      first = entry.index();
      any = true;
    }
    last = entry.index();
    if (kept != null) {
      kept.add(entry);
    }
  }

  @Override
  public void truncateAfter(long index) {
    if (!any || Long.compareUnsigned(index, last) >= 0) {
      return;
    }
    if (Long.compareUnsigned(index, first) < 0) {
      any = false;
      if (kept != null) {
        kept.clear();
      }
      return;
    }
    last = index;
    if (kept != null) {
      kept.subList((int) (index - first + 1), kept.size()).clear();
    }
  }

  @Override
  public void compactTo(long index) {
    if (!any || Long.compareUnsigned(index, first) < 0) {
      return;
    }
    if (Long.compareUnsigned(index, last) >= 0) {
      any = false;
      if (kept != null) {
        kept.clear();
      }
      return;
    }
    if (kept != null) {
      kept.subList(0, (int) (index - first + 1)).clear();
    }
    first = index + 1;
  }

  /** The entries kept, in index order; empty when only counting. */
  List<Entry> entries() {
    return kept == null ? List.of() : List.copyOf(kept);
  }

  long count() {
    return any ? last - first + 1 : 0;
  }

  /** The first index, meaningful only when {@link #count()} is not 0. */
  long firstIndex() {
    return first;
  }

  long lastIndex() {
    return last;
  }

  /** The range as {@code first..last}, or {@code none}. */
  String range() {
    return any ? Long.toUnsignedString(first) + ".." + Long.toUnsignedString(last) : "none";
  }
}
