package io.github.jwal.cli;

/** The exit codes scripts rely on. */
final class ExitCodes {
  /** The command did its job and the log is sound. */
  static final int OK = 0;

  /** The log is damaged: a torn tail, corruption, or a segment missing from the sequence. */
  static final int DAMAGED = 1;

  /**
   * Anything else that stopped the command: a usage error (picocli's own code for those is also 2),
   * a missing directory, one that holds no log, a snapshot the log does not hold, an I/O error.
   */
  static final int UNUSABLE = 2;

  private ExitCodes() {}
}
