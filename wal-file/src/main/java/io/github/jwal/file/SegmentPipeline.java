package io.github.jwal.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one spare segment ready, locked and preallocated, so that a cut only renames it: etcd's
 * {@code filePipeline}. Preallocation (writing a whole segment of zeros) happens on a background
 * thread, away from the appends. When segments fill faster than a few zero-fills take, the zeros
 * would compete with the appends for the disk, so the spares are made sparse instead until segments
 * last long again. The spare is {@code 0.tmp} or {@code 1.tmp}, alternately, so that the next spare
 * is never the file just handed out.
 *
 * <p>Unlike etcd, a spare left by a crash is emptied before reuse (stale bytes could otherwise sit
 * after the next head), and a failed preallocation is retried by {@link #take}, then reported by it
 * and retried by the next one, instead of leaving later takes waiting forever. Used by one thread
 * at a time.
 */
final class SegmentPipeline implements Closeable {
  private final Path dir;
  private final long segmentBytes;
  private final Preallocator preallocator;
  private final FileRegistry registry;
  private final FileAttribute<?>[] fileAttributes;
  private final ExecutorService thread;
  private Future<FileRegistry.Handle> next;
  private int count;
  private volatile boolean closing;

  /** How long zero-filling the last spare took; 0 until one was. */
  private volatile long zeroFillNanos;

  private long lastTakeNanos;
  private boolean zeroNext = true;

  SegmentPipeline(
      Path dir,
      long segmentBytes,
      Preallocator preallocator,
      FileRegistry registry,
      FileAttribute<?>[] fileAttributes) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.preallocator = preallocator;
    this.registry = registry;
    this.fileAttributes = fileAttributes;
    this.thread =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread t = new Thread(task, "jwal-pipeline " + dir);
              t.setDaemon(true);
              return t;
            });
    this.next = prepareNext();
  }

  /**
   * Hands out the spare, waiting for it if it is not ready, and starts preparing the next. A spare
   * whose preparation failed in the background (a full disk, say) is prepared again now, once,
   * before the failure is reported: the space may have come back since.
   */
  FileRegistry.Handle take() throws IOException {
    if (next == null) {
      next = prepareNext();
    }
    FileRegistry.Handle spare;
    try {
      spare = await(next);
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException | RuntimeException backgroundFailure) {
      next = prepareNext();
      try {
        spare = await(next);
      } catch (IOException | RuntimeException e) {
        next = null;
        throw e;
      }
    }
    long now = System.nanoTime();
    if (lastTakeNanos != 0) {
      zeroNext = zeroFillNext(now - lastTakeNanos, zeroFillNanos);
    }
    lastTakeNanos = now;
    next = prepareNext();
    return spare;
  }

  /**
   * Whether the next spare should be zero-filled, given how long the last segment lasted and how
   * long a zero-fill took. A segment that fills in less than a few zero-fills would have its
   * appends compete with the next zero-fill for the disk, and wait for it at the cut: such a log
   * gets sparse spares, as etcd's fallocated ones, until its segments last long again.
   */
  static boolean zeroFillNext(long segmentLifetimeNanos, long zeroFillNanos) {
    return segmentLifetimeNanos > 4 * zeroFillNanos;
  }

  /** Stops the thread and deletes the spare nobody took. */
  @Override
  public void close() throws IOException {
    closing = true;
    thread.shutdown();
    Future<FileRegistry.Handle> unused = next;
    next = null;
    if (unused != null) {
      try {
        registry.discard(await(unused));
      } catch (IOException e) {
        // Its preparation failed or was cancelled: the task removed the file already.
      }
    }
    try {
      thread.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while stopping the pipeline of " + dir);
    }
  }

  private Future<FileRegistry.Handle> prepareNext() {
    Path spare = dir.resolve((count++ % 2) + ".tmp");
    boolean zero = zeroNext;
    return thread.submit(() -> prepare(spare, zero));
  }

  private FileRegistry.Handle prepare(Path spare, boolean zero) throws IOException {
    FileRegistry.Handle file = registry.lock(spare, true, fileAttributes);
    try {
      file.channel().truncate(0);
      long start = System.nanoTime();
      Preallocator spares = zero ? preallocator : preallocator.withoutZeroFill();
      spares.preallocate(file.channel(), spare, segmentBytes, () -> closing);
      if (spares.strategy() == Preallocation.ZERO) {
        zeroFillNanos = System.nanoTime() - start;
      }
      return file;
    } catch (IOException | RuntimeException e) {
      try {
        registry.discard(file);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private FileRegistry.Handle await(Future<FileRegistry.Handle> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the next segment in " + dir);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IOException("preparing the next segment in " + dir + " failed", cause);
    }
  }
}
