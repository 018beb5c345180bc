package io.github.jwal.campaign;

import io.github.jwal.HardState;
import io.github.jwal.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.StringJoiner;

/**
 * What the writer acknowledged, replayed from the lines it printed: the log of terms raft would
 * hold, the last hard state, the last snapshot, and the one save that may have been in flight when
 * the power went. The writer prints each line (and the script appends it to a file on the real
 * disk) before going on, so the lines are a true record of what {@code Wal} promised.
 *
 * <p>The lines, one per event:
 *
 * <ul>
 *   <li>{@code create}: a new, empty log.
 *   <li>{@code resume <snap index> <snap term> <hs term> <hs vote> <hs commit> <runs>}: a writer
 *       opened the log after a cut, at that snapshot, and read that hard state and the entries
 *       {@code runs} ({@code first-last:term,...}, or {@code -} for none). It goes on from there,
 *       so those entries are the log from now on, acknowledged or not before.
 *   <li>{@code try <save>} before {@code Wal.save}, {@code ack <save>} after it returned: see
 *       {@link Save#line}. Only saves that sync are announced.
 *   <li>{@code snap <index> <term>}: {@code saveSnapshot} returned.
 * </ul>
 */
final class Acknowledgements {
  static final String CREATE = "create";

  private final TermLog log = new TermLog(1);
  private HardState hardState = HardState.EMPTY;
  private long snapshotIndex;
  private Save inFlight;
  private long acknowledgedSaves;

  /**
   * Replays a file of lines. A last line without its newline is ignored: the writer died while
   * printing it, before going on, so it stands for nothing that happened to the log.
   */
  static Acknowledgements read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    Acknowledgements acks = new Acknowledgements();
    int start = 0;
    for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      acks.apply(text.substring(start, end));
      start = end + 1;
    }
    return acks;
  }

  static String resumeLine(Snapshot snapshot, HardState hardState, List<TermLog.Run> runs) {
    StringJoiner joined = new StringJoiner(",");
    runs.forEach(r -> joined.add(r.first() + "-" + r.last() + ":" + r.term()));
    return "resume "
        + snapshot.index()
        + " "
        + snapshot.term()
        + " "
        + hardState.term()
        + " "
        + hardState.vote()
        + " "
        + hardState.commit()
        + " "
        + (runs.isEmpty() ? "-" : joined);
  }

  static String snapLine(Snapshot snapshot) {
    return "snap " + snapshot.index() + " " + snapshot.term();
  }

  void apply(String line) {
    String[] words = line.trim().split(" ", -1);
    switch (words[0]) {
      case CREATE -> {
        log.truncateAfter(0);
        hardState = HardState.EMPTY;
        snapshotIndex = 0;
        inFlight = null;
      }
      case "resume" -> resume(words);
      case "try" -> inFlight = Save.parse(words);
      case "ack" -> {
        Save save = Save.parse(words);
        if (!save.equals(inFlight)) {
          throw new IllegalArgumentException("'" + line + "' acknowledges a save never tried");
        }
        log.put(save.first(), save.last(), save.term());
        hardState = save.hardState();
        inFlight = null;
        acknowledgedSaves++;
      }
      case "snap" -> snapshotIndex = Math.max(snapshotIndex, Long.parseLong(words[1]));
      default -> throw new IllegalArgumentException("not an acknowledgement: '" + line + "'");
    }
  }

  private void resume(String[] words) {
    if (words.length != 7) {
      throw new IllegalArgumentException("a resume has 6 fields: " + String.join(" ", words));
    }
    long snapshot = Long.parseLong(words[1]);
    log.truncateAfter(snapshot);
    if (!words[6].equals("-")) {
      for (String run : words[6].split(",", -1)) {
        String[] range = run.split("[-:]", -1);
        log.put(Long.parseLong(range[0]), Long.parseLong(range[1]), Long.parseLong(range[2]));
      }
    }
    hardState =
        new HardState(Long.parseLong(words[3]), Long.parseLong(words[4]), Long.parseLong(words[5]));
    snapshotIndex = Math.max(snapshotIndex, snapshot);
    inFlight = null;
  }

  /** The terms of the log raft holds after everything acknowledged, from index 1. */
  TermLog log() {
    return log;
  }

  /** The last hard state acknowledged, or read by a resuming writer. */
  HardState hardState() {
    return hardState;
  }

  /** The index of the last snapshot acknowledged, or opened at by a resuming writer. */
  long snapshotIndex() {
    return snapshotIndex;
  }

  /**
   * The save tried and not acknowledged, which may or may not have reached the disk; or {@code
   * null}.
   */
  Save inFlight() {
    return inFlight;
  }

  long acknowledgedSaves() {
    return acknowledgedSaves;
  }
}
