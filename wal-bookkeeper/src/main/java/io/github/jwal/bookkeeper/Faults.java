package io.github.jwal.bookkeeper;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failures the compatibility kit injects (its {@code FAILING_SYNC} capability): after a budget of
 * successful syncs at a location, every durable step there (a segment's sync, a manifest change)
 * fails before it sends anything, as when the ack quorum is lost. Not for production: nothing sets
 * a budget unless a test does.
 */
final class Faults {
  private static final Map<String, AtomicInteger> BUDGETS = new ConcurrentHashMap<>();

  private Faults() {}

  static void failSyncsAfter(String location, int successfulSyncs) {
    BUDGETS.put(location, new AtomicInteger(successfulSyncs));
  }

  static void clear(String location) {
    BUDGETS.remove(location);
  }

  /** Spends one sync of the budget, or fails if it is spent. */
  static void sync(String location) throws IOException {
    AtomicInteger budget = BUDGETS.get(location);
    if (budget != null && budget.getAndDecrement() <= 0) {
      throw new IOException("injected failure at " + location + ": the ack quorum was lost");
    }
  }
}
