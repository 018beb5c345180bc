package io.github.jwal.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import io.github.jwal.WalContents;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckTest {
  private static final long SEED = 5;

  /** Acknowledged: entries 1..10 of term 1, commit 6; in flight: 8..9 of term 2. */
  private static Acknowledgements acks() {
    Acknowledgements acks = new Acknowledgements();
    for (String line :
        List.of("create", "try 1 10 1 1 1 0", "ack 1 10 1 1 1 0", "try 8 9 2 2 1 6")) {
      acks.apply(line);
    }
    return acks;
  }

  private static List<Entry> entries(long from, long to, long term) {
    List<Entry> entries = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      entries.add(Entry.of(term, i, Payloads.of(SEED, i, term)));
    }
    return entries;
  }

  private static Verdict check(List<Entry> entries, HardState state) {
    WalContents contents = new WalContents(CampaignLog.metadata(SEED), state, entries, null);
    return Check.of(SEED, acks(), Snapshot.ZERO, contents);
  }

  @Test
  void theAcknowledgedLogReadBackIsOk() {
    Verdict verdict = check(entries(1, 10, 1), new HardState(1, 1, 0));
    assertEquals(Verdict.Kind.OK, verdict.kind(), verdict.problems().toString());
    assertEquals(10, verdict.checked());
  }

  @Test
  void theSaveInFlightMayHaveReplacedTheUncommittedTail() {
    List<Entry> entries = entries(1, 7, 1);
    entries.addAll(entries(8, 8, 2));
    assertEquals(Verdict.Kind.OK, check(entries, new HardState(1, 1, 0)).kind());
  }

  @Test
  void aMissingAcknowledgedEntryIsLost() {
    Verdict verdict = check(entries(1, 8, 1), new HardState(1, 1, 0));
    assertEquals(Verdict.Kind.LOST, verdict.kind());
    assertEquals(2, verdict.count());
  }

  @Test
  void aHardStateThatWentBackIsLost() {
    Acknowledgements acks = acks();
    acks.apply("try 11 11 1 1 1 9");
    acks.apply("ack 11 11 1 1 1 9");
    WalContents contents =
        new WalContents(
            CampaignLog.metadata(SEED), new HardState(1, 1, 0), entries(1, 11, 1), null);
    assertEquals(Verdict.Kind.LOST, Check.of(SEED, acks, Snapshot.ZERO, contents).kind());
  }

  @Test
  void anEntryWithBytesTheWriterNeverWroteIsCorrupt() {
    List<Entry> entries = entries(1, 10, 1);
    entries.add(Entry.of(1, 11, new byte[] {1, 2, 3}));
    Verdict verdict = check(entries, new HardState(1, 1, 0));
    assertEquals(Verdict.Kind.CORRUPT, verdict.kind());
  }
}
