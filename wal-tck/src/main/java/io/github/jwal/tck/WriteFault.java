package io.github.jwal.tck;

/**
 * A write the storage device acknowledges but does not store as asked ({@link
 * TckFixture#injectWriteFault}).
 */
public enum WriteFault {
  /** The bytes never reach the disk; the page cache still shows them until a crash. */
  LOST,
  /** The bytes reach the disk one page (4096 bytes) away from where they were written. */
  MISDIRECTED
}
