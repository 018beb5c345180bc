package io.github.jwal.cli;

import io.github.jwal.Snapshot;
import io.github.jwal.Wal;
import io.github.jwal.WalOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a failure to stderr: what it is, where (segment and offset), and what the operator can do.
 */
final class ErrorReport {
  private ErrorReport() {}

  static void print(PrintWriter err, LogLocation location, WalOptions options, Failure failure) {
    String dir = location.name();
    if (failure.segment() == null) {
      err.println("jwal: " + dir + ": " + headline(failure) + ": " + failure.message());
    } else {
      err.println(
          "jwal: "
              + dir
              + ": "
              + headline(failure)
              + " in segment "
              + failure.segment()
              + " at offset "
              + failure.offset()
              + ": "
              + problem(failure));
    }
    String hint = hint(location, options, failure);
    if (hint != null) {
      err.println("jwal: " + hint);
    }
    err.flush();
  }

  /** The message without the segment and offset it starts with, which the report already names. */
  private static String problem(Failure failure) {
    String prefix = failure.segment() + " at offset " + failure.offset() + ": ";
    String message = failure.message();
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  private static String headline(Failure failure) {
    return switch (failure.kind()) {
      case TORN_TAIL -> "torn tail";
      case CRC_MISMATCH, METADATA_CONFLICT, CORRUPTION ->
          "damaged log (" + failure.kind().label() + ")";
      case FILE_NOT_FOUND ->
          failure.damaged() ? "damaged log (a segment is missing)" : "no log here";
      case SNAPSHOT_MISMATCH, SNAPSHOT_NOT_FOUND -> "the log does not hold that snapshot";
      case IO -> "cannot read";
    };
  }

  private static String hint(LogLocation location, WalOptions options, Failure failure) {
    return switch (failure.kind()) {
      case TORN_TAIL ->
          "the end of a write cut short by a crash, never acknowledged;"
              + " 'jwal repair "
              + location.name()
              + "' cuts it and keeps a backup of the segment";
      case CRC_MISMATCH, METADATA_CONFLICT, CORRUPTION ->
          "not a torn tail: records that may have been acknowledged are damaged; nothing was changed";
      case FILE_NOT_FOUND -> notFoundHint(location, options, failure);
      default -> null;
    };
  }

  private static String notFoundHint(LogLocation location, WalOptions options, Failure failure) {
    if (location.isPath() && !Files.isDirectory(location.dir())) {
      return "no such directory";
    }
    if (failure.damaged()) {
      return null;
    }
    // A purged log no longer starts at index 0: suggest the snapshots it can be read from.
    try {
      List<Snapshot> snapshots = Wal.validSnapshotEntries(options);
      if (snapshots.isEmpty()) {
        return null;
      }
      return "the oldest segments were purged; read from a snapshot the log holds: "
          + snapshots.stream()
              .map(
                  s ->
                      "--snapshot-index "
                          + Long.toUnsignedString(s.index())
                          + " --snapshot-term "
                          + Long.toUnsignedString(s.term()))
              .collect(Collectors.joining(" or "));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
