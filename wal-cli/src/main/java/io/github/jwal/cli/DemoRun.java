package io.github.jwal.cli;

import io.github.jwal.Entry;
import io.github.jwal.HardState;
import io.github.jwal.RepairResult;
import io.github.jwal.Snapshot;
import io.github.jwal.TornTailException;
import io.github.jwal.Wal;
import io.github.jwal.WalContents;
import io.github.jwal.WalCorruptException;
import io.github.jwal.WalOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** One run of the demo: write, cut the power, recover, check, and sum up. */
final class DemoRun {
  private static final long TERM = 1;
  private static final long VOTE = 1;
  private static final byte[] METADATA = "jwal demo".getBytes(StandardCharsets.US_ASCII);

  private final PrintWriter out;
  private final PrintWriter err;
  private final WalOptions options;
  private final Path location;
  private final int entries;
  private final int entryBytes;
  private final int batch;

  /**
   * What was written before the power cut.
   *
   * @param acknowledged the entries whose saves returned: the timed ones, and any extra save made
   *     to keep the interrupted one in the last segment
   * @param seconds how long the timed entries ({@code --entries}) took
   * @param syncs how many syncs they took
   */
  private record Written(
      long acknowledged,
      long inFlightFirst,
      int inFlight,
      double seconds,
      long syncs,
      DirectoryListing listing) {}

  DemoRun(
      PrintWriter out,
      PrintWriter err,
      WalOptions options,
      int entries,
      int entryBytes,
      int batch) {
    this.out = out;
    this.err = err;
    this.options = options;
    this.location = options.location();
    this.entries = entries;
    this.entryBytes = entryBytes;
    this.batch = batch;
  }

  /** Runs the demo; returns the exit code. */
  int run() throws IOException {
    Written written;
    try {
      written = write();
    } catch (IOException e) {
      err.println("jwal: cannot write the demo log in " + location + ": " + e.getMessage());
      err.flush();
      return ExitCodes.UNUSABLE;
    }
    PowerCut.Tear tear = cutPower(written);
    int survivors = Math.min(tear.tornFrame(), written.inFlight());
    try {
      return recover(written, tear, survivors);
    } catch (WalCorruptException e) {
      return fail("the log is damaged beyond the torn tail: " + e.getMessage());
    }
  }

  private Written write() throws IOException {
    Paragraph.print(
        out,
        "1. ",
        String.format(
            Locale.ROOT,
            "Writing %,d entries of %,d bytes, %,d per"
                + " save, each save fsynced; a new segment every %,d bytes",
            entries,
            entryBytes,
            batch,
            options.segmentBytes()));
    SyncStats syncs = new SyncStats();
    Progress progress = new Progress(out, entries, Progress.terminal());
    long index = 0;
    try (Wal wal = Wal.create(options.withSyncListener(syncs), METADATA)) {
      while (index < entries) {
        index = save(wal, index, (int) Math.min(batch, entries - index));
        progress.update(index, index * entryBytes, syncs.count());
      }
      double seconds = progress.finish(index, index * entryBytes, syncs.count());
      long timedSyncs = syncs.count();
      out.printf(
          Locale.ROOT,
          "   %,d syncs in %.2f s: %.2f ms on average, %.2f ms at most%n",
          timedSyncs,
          seconds,
          syncs.averageMillis(),
          syncs.maxMillis());
      // The save the power cut interrupts must lie in the last segment, where a torn write can be.
      // A save that reaches the segment size cuts a new segment after it: that one is an ordinary,
      // acknowledged save, and the next one, in the fresh segment, is the one interrupted.
      while (true) {
        int segmentsBefore = DirectoryListing.of(location).segments().size();
        long next = save(wal, index, batch);
        if (DirectoryListing.of(location).segments().size() == segmentsBefore) {
          DirectoryListing listing = DirectoryListing.of(location);
          out.println("   " + listing.segments().size() + " segments: " + names(listing));
          return new Written(index, index + 1, batch, seconds, timedSyncs, listing);
        }
        index = next;
      }
    }
  }

  /** Saves entries {@code last+1 .. last+n} and a hard state committing those before them. */
  private long save(Wal wal, long last, int n) throws IOException {
    List<Entry> list = new ArrayList<>(n);
    for (long i = last + 1; i <= last + n; i++) {
      list.add(Entry.of(TERM, i, DemoPayloads.of(i, entryBytes)));
    }
    wal.save(new HardState(TERM, VOTE, last), list);
    return last + n;
  }

  private PowerCut.Tear cutPower(Written written) throws IOException {
    List<DirectoryListing.SegmentFile> segments = written.listing().segments();
    String segment = segments.get(segments.size() - 1).name();
    // The save is its entries' frames and one hard-state frame.
    PowerCut.Tear tear = PowerCut.tearLastSave(location.resolve(segment), written.inFlight() + 1);
    long first = written.inFlightFirst();
    long last = first + written.inFlight() - 1;
    out.println();
    out.println("2. Power cut during the next save");
    String torn =
        tear.tornFrame() < written.inFlight()
            ? String.format(Locale.ROOT, "the record of entry %,d", first + tear.tornFrame())
            : "the save's hard-state record";
    String where =
        tear.atSector()
            ? "a 512-byte sector boundary inside " + torn
            : "halfway into "
                + torn
                + " (no sector boundary falls inside this small save's records)";
    String entriesSaved = entries(first, last);
    Paragraph.print(
        out,
        "   ",
        String.format(
            Locale.ROOT,
            "The next save (%s and a hard state: %d"
                + " bytes at offset %d of %s) is interrupted by a power cut. jwal's file backend cannot be"
                + " crashed from inside a running process, so the demo writes the save whole and then does to"
                + " the file what the power cut does: it keeps the save's bytes up to offset %d, %s, and"
                + " zeroes the rest, as a preallocated segment reads where nothing was written. In a real"
                + " power cut the save's fsync never returns: none of its entries was acknowledged.",
            entriesSaved,
            tear.saveEnd() - tear.saveStart(),
            tear.saveStart(),
            segment,
            tear.keptUpTo(),
            where));
    return tear;
  }

  private int recover(Written written, PowerCut.Tear tear, int survivors) throws IOException {
    out.println();
    out.println("3. Recovery");
    try (Wal wal = Wal.open(options, Snapshot.ZERO)) {
      wal.readAll();
      return fail("the log opened without reporting the torn tail");
    } catch (TornTailException torn) {
      Paragraph.print(out, "   open:    ", "TornTailException: " + torn.getMessage());
    }
    RepairResult repair = Wal.repair(options);
    if (!repair.repaired()) {
      return fail("repair found nothing to cut");
    }
    Paragraph.print(
        out,
        "   repair:  ",
        String.format(
            Locale.ROOT,
            "cut %s at offset %d, the end of" + " its last good record; backup %s",
            repair.segment(),
            repair.cutAt(),
            repair.backup()));
    long expected = written.acknowledged() + survivors;
    long appended = expected + 1;
    try (Wal wal = Wal.open(options, Snapshot.ZERO)) {
      WalContents contents = wal.readAll();
      String mismatch = mismatch(contents.entries(), expected);
      if (mismatch != null) {
        return fail(mismatch);
      }
      out.printf(
          Locale.ROOT,
          "   reopen:  %,d entries (index 1..%,d), hard state %s%n",
          contents.entries().size(),
          contents.lastIndex(0),
          DumpText.hardState(contents.hardState()));
      Paragraph.print(
          out,
          "   check:   ",
          String.format(
              Locale.ROOT,
              "entries 1..%,d read back as written, byte for byte; %s",
              expected,
              survivors == 0
                  ? "nothing of the torn save survived"
                  : String.format(
                      Locale.ROOT,
                      "the last %,d of them are the torn save's entries that"
                          + " reached the disk whole",
                      survivors)));
      wal.save(
          new HardState(TERM, VOTE, expected),
          List.of(Entry.of(TERM, appended, DemoPayloads.of(appended, entryBytes))));
      out.printf(
          Locale.ROOT,
          "   append:  entry %,d saved after the repair: the log takes writes again%n",
          appended);
    }
    Wal.verify(options, Snapshot.ZERO);
    Paragraph.print(
        out,
        "   verify:  ",
        "Wal.verify reads the whole log: frames, CRC chain, indexes and hard states hold");
    summary(written, tear, survivors, repair);
    return ExitCodes.OK;
  }

  private void summary(Written written, PowerCut.Tear tear, int survivors, RepairResult repair)
      throws IOException {
    DirectoryListing after = DirectoryListing.of(location);
    long segmentSize =
        written
            .listing()
            .segment(repair.segment())
            .map(DirectoryListing.SegmentFile::size)
            .orElse(-1L);
    double seconds = written.seconds();
    out.println();
    out.println("Summary");
    String timed =
        written.acknowledged() == entries
            ? ""
            : String.format(Locale.ROOT, "; the first %,d", entries);
    Paragraph.print(
        out,
        "   written     ",
        String.format(
            Locale.ROOT,
            "%,d entries acknowledged"
                + " (each save fsynced)%s in %.2f s: %,.0f entries/s, %.1f MB/s of payload, %,.0f syncs/s",
            written.acknowledged(),
            timed,
            seconds,
            entries / seconds,
            entries * (double) entryBytes / seconds / 1e6,
            written.syncs() / seconds));
    Paragraph.print(
        out,
        "   power cut   ",
        String.format(
            Locale.ROOT,
            "during the save of %s, never" + " acknowledged; its bytes from offset %d zeroed",
            entries(written.inFlightFirst(), written.inFlightFirst() + written.inFlight() - 1),
            tear.keptUpTo()));
    Paragraph.print(
        out,
        "   recovered   ",
        String.format(
            Locale.ROOT,
            "%,d entries: all %,d" + " acknowledged, and %,d whole entries of the torn save",
            written.acknowledged() + survivors,
            written.acknowledged(),
            survivors));
    Paragraph.print(
        out,
        "   cut         ",
        String.format(
            Locale.ROOT,
            "the torn record and what"
                + " followed it: %s from offset %d (the file was %d bytes with its preallocated zeros)",
            repair.segment(),
            repair.cutAt(),
            segmentSize));
    Paragraph.print(out, "   backup      ", location.resolve(repair.backup()).toString());
    out.println("   segments    " + after.segments().size() + ": " + names(after));
  }

  /** Why the entries read back differ from those written, or {@code null} if they do not. */
  private String mismatch(List<Entry> read, long expected) {
    if (read.size() != expected) {
      return "read back " + read.size() + " entries, expected " + expected;
    }
    for (int i = 0; i < read.size(); i++) {
      Entry e = read.get(i);
      long index = i + 1L;
      if (e.index() != index
          || e.term() != TERM
          || !Arrays.equals(e.data(), DemoPayloads.of(index, entryBytes))) {
        return "entry " + index + " read back differs from what was written: " + e;
      }
    }
    return null;
  }

  private int fail(String problem) {
    err.println("jwal: demo failed: " + problem);
    err.flush();
    return ExitCodes.DAMAGED;
  }

  private static String entries(long first, long last) {
    return first == last
        ? String.format(Locale.ROOT, "entry %,d", first)
        : String.format(Locale.ROOT, "entries %,d..%,d", first, last);
  }

  private static String names(DirectoryListing listing) {
    List<DirectoryListing.SegmentFile> segments = listing.segments();
    String first = segments.get(0).name();
    String last = segments.get(segments.size() - 1).name();
    return segments.size() == 1 ? first : first + " … " + last;
  }
}
