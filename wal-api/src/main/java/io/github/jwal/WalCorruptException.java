package io.github.jwal;

/**
 * The log's bytes are damaged or inconsistent at a known place: a record that fails its checksum or
 * does not parse, a broken CRC chain, a zero length word followed by data, a semantic impossibility
 * (a term that goes down, a gap in the entry indexes).
 *
 * <p>Data before {@link #offset()} in {@link #segment()} was read and checked; nothing at or after
 * it is returned as data. Corruption is never repaired silently: see {@link Wal#repair}.
 */
public class WalCorruptException extends WalException {
  private static final long serialVersionUID = 1L;

  private final String segment;
  private final long offset;

  public WalCorruptException(String segment, long offset, String problem) {
    super(segment + " at offset " + offset + ": " + problem);
    this.segment = segment;
    this.offset = offset;
  }

  /**
   * The name of the segment that holds the damage, e.g. {@code
   * 0000000000000001-0000000000000015.wal}.
   */
  public String segment() {
    return segment;
  }

  /** The byte offset in {@link #segment()} of the frame where the damage starts. */
  public long offset() {
    return offset;
  }
}
