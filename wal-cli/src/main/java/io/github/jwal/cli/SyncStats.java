package io.github.jwal.cli;

import io.github.jwal.SyncListener;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the log's syncs and their latency, as the log reports them. */
final class SyncStats implements SyncListener {
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong totalNanos = new AtomicLong();
  private final AtomicLong maxNanos = new AtomicLong();

  @Override
  public void synced(String segment, Duration took) {
    long nanos = took.toNanos();
    count.incrementAndGet();
    totalNanos.addAndGet(nanos);
    maxNanos.accumulateAndGet(nanos, Math::max);
  }

  long count() {
    return count.get();
  }

  double averageMillis() {
    long n = count.get();
    return n == 0 ? 0 : totalNanos.get() / 1e6 / n;
  }

  double maxMillis() {
    return maxNanos.get() / 1e6;
  }
}
