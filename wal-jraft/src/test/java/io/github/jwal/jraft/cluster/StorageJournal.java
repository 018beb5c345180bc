package io.github.jwal.jraft.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;

/**
 * The calls jraft made on its nodes' log storages that change more than the tail (truncations and
 * resets), in order: a fault step checks with it that it drove jraft down the path it names (a
 * conflicting suffix truncated, a log reset to a snapshot), not merely that the cluster recovered.
 * Thread-safe.
 */
final class StorageJournal {
  /** One call: on which node's log, which operation, its argument, whether it returned true. */
  record Call(long seq, String logUri, String op, long arg, boolean ok) {}

  private final AtomicLong seq = new AtomicLong();
  private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

  void record(String logUri, String op, long arg, boolean ok) {
    calls.add(new Call(seq.incrementAndGet(), logUri, op, arg, ok));
  }

  /** A mark to ask for the calls after it. */
  long mark() {
    return seq.get();
  }

  /**
   * Waits for a call {@code op} on {@code logUri} after {@code mark} that returned true and whose
   * argument passes {@code arg}; jraft's log manager makes these calls on its own thread, after it
   * has already told the rest of the node, so they may come a little after the cluster looks
   * settled.
   *
   * @return whether one came within {@code timeout}
   */
  boolean await(long mark, String logUri, String op, LongPredicate arg, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    do {
      if (calls.stream()
          .anyMatch(
              c ->
                  c.seq() > mark
                      && c.logUri().equals(logUri)
                      && c.op().equals(op)
                      && c.ok()
                      && arg.test(c.arg()))) {
        return true;
      }
      RaftCluster.sleep(5);
    } while (System.nanoTime() < deadline);
    return false;
  }

  /** Every call on {@code logUri} after {@code mark}. */
  List<Call> since(long mark, String logUri) {
    return calls.stream()
        .filter(c -> c.seq() > mark && c.logUri().equals(logUri))
        .collect(Collectors.toList());
  }
}
