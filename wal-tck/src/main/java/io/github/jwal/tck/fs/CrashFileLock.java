package io.github.jwal.tck.fs;

import java.nio.channels.FileLock;

/** A lock on a file of the crash layer; it dies with its channel or with a crash. */
final class CrashFileLock extends FileLock {
  final Object key;
  private final CrashFileChannel owner;
  private boolean released;

  CrashFileLock(CrashFileChannel channel, Object key, long position, long size, boolean shared) {
    super(channel, position, size, shared);
    this.owner = channel;
    this.key = key;
  }

  @Override
  public boolean isValid() {
    return !released && owner.isOpen();
  }

  @Override
  public void release() {
    released = true;
    owner.released(this);
  }
}
