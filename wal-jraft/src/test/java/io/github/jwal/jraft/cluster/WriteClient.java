package io.github.jwal.jraft.cluster;

import com.alipay.sofa.jraft.entity.Task;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The cluster's client: a thread that keeps putting fresh keys through whichever node leads, at
 * most {@value #MAX_IN_FLIGHT} at a time and about {@value #WRITES_PER_SECOND} a second, and
 * remembers every put jraft acknowledged (its closure ran with an OK status, which the leader's
 * state machine gives only after applying it). A put that failed or is still open is unknown, not
 * lost: it may have been committed all the same. Each key is sent once.
 */
final class WriteClient implements AutoCloseable {
  static final int MAX_IN_FLIGHT = 16;
  static final int WRITES_PER_SECOND = 400;

  private final RaftCluster cluster;
  private final long salt;
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final Map<Long, Long> acknowledged = new ConcurrentHashMap<>();
  private final AtomicLong nextKey = new AtomicLong(1);
  private final AtomicInteger failed = new AtomicInteger();
  private final Thread thread;
  private volatile boolean paused = true;
  private volatile boolean closed;

  /** A paused client; {@code salt} makes the values of one run its own. */
  WriteClient(RaftCluster cluster, long salt) {
    this.cluster = cluster;
    this.salt = salt;
    this.thread = new Thread(this::run, "cluster-client");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  long valueOf(long key) {
    return Long.rotateLeft(key * 0xBF58476D1CE4E5B9L ^ salt, 17);
  }

  private void run() {
    long pauseNanos = TimeUnit.SECONDS.toNanos(1) / WRITES_PER_SECOND;
    while (!closed) {
      ClusterNode leader = paused ? null : cluster.leader();
      if (leader == null || !inFlight.tryAcquire()) {
        RaftCluster.sleep(2);
        continue;
      }
      if (paused) { // paused between the check and the permit: give it back
        inFlight.release();
        continue;
      }
      submit(leader, nextKey.getAndIncrement(), ok -> inFlight.release());
      LockSupport.parkNanos(pauseNanos);
    }
  }

  private void submit(ClusterNode node, long key, Consumer<Boolean> answered) {
    long value = valueOf(key);
    node.node()
        .apply(
            new Task(
                KvStateMachine.put(key, value),
                status -> {
                  if (status.isOk()) {
                    acknowledged.put(key, value);
                  } else {
                    failed.incrementAndGet();
                  }
                  answered.accept(status.isOk());
                }));
  }

  void resume() {
    paused = false;
  }

  /**
   * Stops sending and waits for every open put to be answered; false if some were not in {@code
   * timeout}.
   */
  boolean pause(Duration timeout) {
    paused = true;
    try {
      if (!inFlight.tryAcquire(MAX_IN_FLIGHT, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return false;
      }
      inFlight.release(MAX_IN_FLIGHT);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Waits until {@code more} puts beyond those acknowledged now are; fails with the cluster's state
   * if not.
   */
  void awaitAcknowledged(int more, Duration timeout) {
    int target = acknowledged.size() + more;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (acknowledged.size() < target) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "only "
                + acknowledged.size()
                + " of "
                + target
                + " puts acknowledged in "
                + timeout
                + " (threads in "
                + ThreadDumps.write("no-puts")
                + ")\n"
                + cluster.describe());
      }
      RaftCluster.sleep(5);
    }
  }

  /**
   * Sends {@code count} puts straight to {@code node}, whatever it is, and waits up to {@code
   * timeout} for their answers; returns how many were acknowledged. For a node that is cut off: its
   * puts reach its own log and no further.
   */
  int sendTo(ClusterNode node, int count, Duration timeout) {
    CountDownLatch answered = new CountDownLatch(count);
    AtomicInteger ok = new AtomicInteger();
    for (int i = 0; i < count; i++) {
      submit(
          node,
          nextKey.getAndIncrement(),
          acked -> {
            if (acked) {
              ok.incrementAndGet();
            }
            answered.countDown();
          });
    }
    try {
      answered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ok.get();
  }

  /** The puts acknowledged so far: key to value. */
  Map<Long, Long> acknowledged() {
    return Map.copyOf(acknowledged);
  }

  int failed() {
    return failed.get();
  }

  long sent() {
    return nextKey.get() - 1;
  }

  @Override
  public void close() {
    closed = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
