package io.github.jwal.jraft.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What must hold after every fault, once the client is paused: the replicas agree and lost nothing.
 */
final class ClusterChecks {
  private ClusterChecks() {}

  /**
   * Waits until every member runs and all have applied the same log to the same state (index, keys,
   * digest of the puts in order), with no put applied twice and no state machine in error.
   *
   * @throws AssertionError with {@code context} and the cluster's state if they do not in {@code
   *     timeout}
   */
  static void awaitAgreement(RaftCluster cluster, Duration timeout, String context) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String why;
    do {
      why = disagreement(cluster);
      if (why == null) {
        return;
      }
      RaftCluster.sleep(10);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        context
            + ": no agreement in "
            + timeout
            + ": "
            + why
            + " (threads in "
            + ThreadDumps.write("no-agreement")
            + ")\n"
            + cluster.describe());
  }

  /** Why the replicas do not agree yet, or null if they do. */
  private static String disagreement(RaftCluster cluster) {
    List<ClusterNode> nodes = cluster.nodes();
    if (nodes.size() != cluster.peers().size()) {
      return "only " + nodes.size() + " nodes run";
    }
    ClusterNode first = nodes.get(0);
    for (ClusterNode node : nodes) {
      if (node.fsm().error() != null) {
        return node.peer() + " is in error";
      }
      if (node.fsm().state().reapplied() != 0) {
        return node.peer() + " applied a put twice";
      }
      if (node.node().getLastAppliedLogIndex() != first.node().getLastAppliedLogIndex()
          || !node.fsm().state().equals(first.fsm().state())) {
        return node.peer() + " differs from " + first.peer();
      }
    }
    return null;
  }

  /**
   * Every acknowledged put is in every replica with its value.
   *
   * @throws AssertionError naming how many are missing where, and the first of them
   */
  static void assertNoAcknowledgedPutLost(
      RaftCluster cluster, Map<Long, Long> acknowledged, String context) {
    for (ClusterNode node : cluster.nodes()) {
      long missing = 0;
      Long firstMissing = null;
      for (Map.Entry<Long, Long> put : acknowledged.entrySet()) {
        if (!put.getValue().equals(node.fsm().get(put.getKey()))) {
          missing++;
          firstMissing = firstMissing == null ? put.getKey() : Math.min(firstMissing, put.getKey());
        }
      }
      if (missing > 0) {
        throw new AssertionError(
            context
                + ": "
                + node.peer()
                + " lost "
                + missing
                + " of "
                + acknowledged.size()
                + " acknowledged puts, the first key "
                + firstMissing
                + "\n"
                + cluster.describe());
      }
    }
  }
}
