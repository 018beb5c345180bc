package io.github.jwal.codec;

/**
 * Where etcd's file offset would be: a byte-accounting copy of etcd's encoder and {@code
 * ioutil.PageWriter} (4 KiB pages, 128 KiB buffer), which hold records in user space until a sync
 * or a buffer overflow.
 *
 * <p>etcd decides to cut a segment from that offset, not from the logical end of the log, so it
 * cuts one save late and never while saves do not sync (docs/writing.md, When a segment is cut).
 * jwal writes its own way but cuts where this model says etcd would, so that the same calls give
 * byte-identical segments.
 */
public final class EtcdFlushModel {
  private static final int PAGE_BYTES = 4096;
  private static final int BUFFER_WATERMARK_BYTES = 128 * 1024;

  private long osOffset;
  private long pageOffset;
  private long buffered;

  /** A model of a fresh encoder over a file whose offset is {@code offset}. */
  public EtcdFlushModel(long offset) {
    this.osOffset = offset;
    this.pageOffset = offset;
  }

  /** The file offset etcd's {@code Seek(0, SeekCurrent)} would report now. */
  public long osOffset() {
    return osOffset;
  }

  /** Accounts one frame, which etcd writes as the length word and then the padded record. */
  public void frame(long frameBytes) {
    write(Frames.LENGTH_WORD_BYTES);
    write(frameBytes - Frames.LENGTH_WORD_BYTES);
  }

  /** Accounts a flush, which {@code sync()} does before fdatasync. */
  public void flush() {
    if (buffered == 0) {
      return;
    }
    osOffset += buffered;
    pageOffset = (pageOffset + buffered) % PAGE_BYTES;
    buffered = 0;
  }

  private void write(long n) {
    if (n + buffered <= BUFFER_WATERMARK_BYTES) {
      buffered += n;
      return;
    }
    long slack = PAGE_BYTES - ((pageOffset + buffered) % PAGE_BYTES);
    if (slack != PAGE_BYTES) {
      boolean partial = slack > n;
      if (partial) {
        buffered += n;
        return;
      }
      buffered += slack;
      n -= slack;
    }
    flush();
    if (n > PAGE_BYTES) {
      long pages = n / PAGE_BYTES;
      osOffset += pages * PAGE_BYTES;
      n -= pages * PAGE_BYTES;
    }
    write(n);
  }
}
