package io.github.jwal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jwal.Entry;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntrySinkTest {
  private static void appendRange(EntrySink sink, long first, long last, long term) {
    for (long i = first; i <= last; i++) {
      sink.append(Entry.of(term, i, null));
    }
  }

  @Test
  void anOverwriteReplacesTheEntriesAfterIt() {
    EntrySink sink = EntrySink.keeping();
    appendRange(sink, 1, 5, 1);
    sink.truncateAfter(2);
    appendRange(sink, 3, 3, 2);
    assertEquals(
        List.of(Entry.of(1, 1, null), Entry.of(1, 2, null), Entry.of(2, 3, null)), sink.entries());
  }

  @Test
  void countingTracksTheRangeWithoutKeepingEntries() {
    EntrySink sink = EntrySink.counting();
    appendRange(sink, 10, 20, 1);
    sink.truncateAfter(14);
    assertEquals(5, sink.count());
    assertEquals("10..14", sink.range());
    assertEquals(List.of(), sink.entries());
  }

  @Test
  void truncatingBeforeTheFirstEntryEmptiesIt() {
    EntrySink sink = EntrySink.keeping();
    appendRange(sink, 21, 25, 1);
    sink.truncateAfter(20);
    assertEquals(0, sink.count());
    assertEquals("none", sink.range());
    assertEquals(List.of(), sink.entries());
  }

  @Test
  void indexesAboveLongMaxValueCompareUnsigned() {
    EntrySink sink = EntrySink.counting();
    sink.append(Entry.of(1, Long.MAX_VALUE, null));
    sink.append(Entry.of(1, Long.MIN_VALUE, null));
    sink.truncateAfter(Long.MAX_VALUE);
    assertEquals(1, sink.count());
  }
}
