package io.github.jwal.campaign;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The terms of a log's entries from some index on, without their payloads (which {@link Payloads}
 * derives): what the writer needs to go on like raft, and what the checker expects to read back.
 */
final class TermLog {
  /** A run of entries with the same term: {@code first..last}, both inclusive. */
  record Run(long first, long last, long term) {}

  /** The index of {@code terms[0]}. */
  private final long first;

  private long[] terms = new long[1024];
  private int size;

  /** An empty log whose next entry is {@code first}. */
  TermLog(long first) {
    this.first = first;
  }

  /** The last index held, or {@code first - 1} if none. */
  long lastIndex() {
    return first + size - 1;
  }

  boolean contains(long index) {
    return index >= first && index <= lastIndex();
  }

  long termAt(long index) {
    if (!contains(index)) {
      throw new IllegalArgumentException("no entry " + index + " in " + first + ".." + lastIndex());
    }
    return terms[(int) (index - first)];
  }

  /**
   * Raft's append: entries {@code from..to} with {@code term} replace everything from {@code from}
   * on.
   */
  void put(long from, long to, long term) {
    truncateAfter(from - 1);
    for (long i = from; i <= to; i++) {
      if (size == terms.length) {
        terms = Arrays.copyOf(terms, size * 2);
      }
      terms[size++] = term;
    }
  }

  /** Drops the entries after {@code index}; {@code index} may be at most the last index. */
  void truncateAfter(long index) {
    if (index < first - 1 || index > lastIndex()) {
      throw new IllegalArgumentException(
          "cannot keep entries up to " + index + " of " + first + ".." + lastIndex());
    }
    size = (int) (index - first + 1);
  }

  /** The entries after {@code index}, as runs of equal terms. */
  List<Run> runsAfter(long index) {
    List<Run> runs = new ArrayList<>();
    for (long i = Math.max(index + 1, first); i <= lastIndex(); i++) {
      long term = termAt(i);
      Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
      if (last != null && last.term() == term) {
        runs.set(runs.size() - 1, new Run(last.first(), i, term));
      } else {
        runs.add(new Run(i, i, term));
      }
    }
    return runs;
  }
}
