package io.github.jwal.tck;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contract a backend keeps and the kit checks, one rule a constant: its ID and its one
 * sentence. This is the rule catalogue: the SPI's javadoc, the kit's test names ({@code
 * required_R5_…}), its failure messages and the documentation (docs/tck-rules.md, which a test
 * keeps equal to this list) cite these IDs.
 *
 * <p>R rules are the storage SPI's own (a backend alone); W rules are the engine's semantics over a
 * backend; C rules are the seeded simulations; E rules are etcd compatibility.
 */
public enum Rule {
  R1("Every byte written to a segment before sync() or seal() returned survives a crash."),
  R2("A published segment exists under its final name after a crash; a staged one never does."),
  R3(
      "Creating a log is atomic: after a crash it does not exist or exists whole, and a staged log"
          + " is not listed."),
  R4(
      "Bytes never written never appear: after a crash, or in a new segment, every byte is one written"
          + " there or a zero."),
  R5(
      "One writer, ever: while a storage is the log's writer, no other storage, in this process or"
          + " another, becomes one, whatever the writer is doing."),
  R6(
      "A failed write or sync is final: the storage refuses every later write, sync, publish, cut,"
          + " truncate and delete until it is reopened."),
  R7(
      "Reading needs no lock: any storage lists and reads the segments while a writer appends, and"
          + " never takes or drops the writer's lock."),
  R8("A delete refuses a segment the writer holds, and is durable."),
  R9("Segments are listed by sequence number, also when several start at the same index."),
  R10("openTail appends at the given offset of a held segment."),
  R11(
      "Truncate cuts a held segment durably; a backup is a durable copy, and never overwrites an"
          + " earlier one."),
  R12(
      "Closing releases every lock and discards every staged segment; a segment is published once."),
  R13(
      "unsafeNoSync skips the syncs of data only: publishing, truncating, deleting and backing up"
          + " stay durable."),
  R14(
      "A positional read sees what the writer wrote after the reader opened, synced or not, from"
          + " many threads at once; at or past the end it reads -1."),
  W1(
      "Saved entries, hard states and metadata read back exactly, an absent payload apart from an"
          + " empty one."),
  W2("An entry saved at an index that exists replaces it and everything after it."),
  W3("The last hard state survives a reopen, and a cut right after reopening carries it."),
  W4("A log opened at a snapshot reads what follows the snapshot."),
  W5("Creating a log where one exists is refused."),
  W6("Opening where there is no log says so."),
  W7("While a writer has the log, a second writer is refused and a reader is not."),
  W8("The log is cut into segments at the segment size and reads back across all of them."),
  W9("A purge deletes only segments the writer released, oldest first."),
  W10("A torn tail is reported as such, and repair cuts it, keeping a backup."),
  W11("Damage in a sealed segment is corruption, reported with segment and offset, never cut."),
  W12("A failed sync poisons the log for good; a reopen finds everything acknowledged before."),
  W13("A closed log refuses calls, as closed, not as poisoned."),
  W14("Verify and validSnapshotEntries read the log beside the writer."),
  W15("A second writer is refused while the first cuts segments and releases the old ones."),
  W16("A disk that fills up while the log is idle, and empties again, leaves the log working."),
  W17("Saves that race close are refused as closed, and every acknowledged save survives."),
  W18("A repair is durable: after a crash the log opens without another."),
  W19("A purge is durable: deleted segments stay deleted after a crash."),
  W20(
      "Entries read by index are the entries saved, from any thread beside the writer; an index the"
          + " log does not hold is refused as unavailable, naming the log's bounds."),
  W21(
      "A log opened at its latest snapshot reads by index as a full read does, knows its first"
          + " index after a compaction, and streams to a handler exactly the entries it holds."),
  W22(
      "A truncation after an index drops the entries after it for good, across reopens and crashes,"
          + " and never a committed one."),
  W23(
      "A compaction makes the snapshot's next index the first, across reopens and crashes, and"
          + " deletes the segments wholly below it."),
  W24(
      "Appends from many threads at once get distinct, consecutive indexes, each call's entries"
          + " together, all there after a reopen."),
  C0("Histories without crashes read back exactly after every reopen."),
  C1(
      "Across crashes under every fault plan, every acknowledged entry and hard state survives, and"
          + " the log opens, through the default repair where its tail is torn."),
  C2(
      "A bit flipped in written bytes is reported as corruption naming its segment, never cut as a"
          + " torn tail, or changes nothing read."),
  C3(
      "When syncs start failing the log is poisoned, stays so, and a reopen recovers everything"
          + " acknowledged."),
  C4(
      "On a full disk a save fails cleanly, reopening needs no repair, and saves go on once space"
          + " returns."),
  C5(
      "After a lost or misdirected write, reading reports corruption or returns a prefix of what was"
          + " written, never a record that was not."),
  C6("Creating a log is atomic under crashes with syncs failing at each step."),
  E1("A log etcd wrote, loaded into the backend, reads as etcd reads it."),
  E2("The operations of an etcd fixture, run through jwal, write the bytes etcd wrote."),
  E3("A log jwal wrote from an etcd fixture's operations reads as etcd read its own.");

  private static final Pattern TEST_NAME = Pattern.compile("^(?:required|optional)_([RWCE]\\d+)_");

  private final String sentence;

  Rule(String sentence) {
    this.sentence = sentence;
  }

  /** The rule in one sentence. */
  public String sentence() {
    return sentence;
  }

  /** For messages: {@code R5 (One writer, ever: …)}. */
  public String cite() {
    return name() + " (" + sentence + ")";
  }

  /** The rule a kit test checks, from its name ({@code required_R5_…}), if it names one. */
  static Optional<Rule> ofTest(String methodName) {
    Matcher m = TEST_NAME.matcher(methodName);
    return m.find() ? Optional.of(valueOf(m.group(1).toUpperCase(Locale.ROOT))) : Optional.empty();
  }
}
