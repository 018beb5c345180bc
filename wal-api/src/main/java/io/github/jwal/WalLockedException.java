package io.github.jwal;

/**
 * Another writer, in this process or another, holds the log. Only one writer may have a log open at
 * a time; readers ({@link Wal#openForRead}) take no lock.
 */
public class WalLockedException extends WalException {
  private static final long serialVersionUID = 1L;

  public WalLockedException(String what) {
    super(what + " is locked by another writer");
  }
}
