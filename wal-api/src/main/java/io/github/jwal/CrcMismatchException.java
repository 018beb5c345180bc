package io.github.jwal;

/**
 * A record's stored CRC does not match the running CRC-32C of the log, or a segment's leading CRC
 * record does not continue the previous segment's chain. etcd reports this as {@code
 * walpb.ErrCRCMismatch} or {@code wal.ErrCRCMismatch}.
 */
public class CrcMismatchException extends WalCorruptException {
  private static final long serialVersionUID = 1L;

  public CrcMismatchException(String segment, long offset, String problem) {
    super(segment, offset, "crc mismatch: " + problem);
  }
}
