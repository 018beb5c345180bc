package io.github.jwal.cli;

import io.github.jwal.WalCorruptException;
import io.github.jwal.WalException;
import java.io.IOException;

/**
 * Why a command could not read a log cleanly, and what that means for its exit code.
 *
 * @param damaged whether the log itself is damaged, rather than unreadable for another reason
 */
record Failure(ErrorKind kind, IOException error, boolean damaged) {
  /**
   * Classifies {@code error} met while reading the log in {@code listing}'s directory. A missing
   * segment file is reported by the library as "file not found", like a directory with no log; the
   * listing tells the two apart, and only the first is damage.
   */
  static Failure of(IOException error, DirectoryListing listing) {
    ErrorKind kind = ErrorKind.of(error);
    boolean missingSegment = kind == ErrorKind.FILE_NOT_FOUND && listing.hasSequenceGap();
    return new Failure(kind, error, kind.isDamage() || missingSegment);
  }

  /** A backend's refusal of the location or a property: the log is not reached, let alone read. */
  static Failure refused(IllegalArgumentException refusal, DirectoryListing listing) {
    return of(new WalException(refusal.getMessage(), refusal), listing);
  }

  int exitCode() {
    return damaged ? ExitCodes.DAMAGED : ExitCodes.UNUSABLE;
  }

  String message() {
    return error.getMessage() == null ? error.toString() : error.getMessage();
  }

  /** The segment that holds the damage, or {@code null} when the error names none. */
  String segment() {
    return error instanceof WalCorruptException corrupt ? corrupt.segment() : null;
  }

  /** The offset in {@link #segment()} where the damage starts, or -1. */
  long offset() {
    return error instanceof WalCorruptException corrupt ? corrupt.offset() : -1;
  }
}
