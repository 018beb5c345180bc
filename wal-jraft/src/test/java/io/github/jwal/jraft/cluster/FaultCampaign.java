package io.github.jwal.jraft.cluster;

import static io.github.jwal.jraft.cluster.ClusterChecks.assertNoAcknowledgedPutLost;
import static io.github.jwal.jraft.cluster.ClusterChecks.awaitAgreement;

import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.entity.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A seeded, scripted run of {@link Fault}s against a running cluster and its client. The seed picks
 * the script (every kind once, in a random order, then random ones up to the count) and each step's
 * choices (which follower, how many puts); timing is the machine's, so a replayed seed replays the
 * script, not the interleaving. After each step the client is paused and {@link ClusterChecks} must
 * hold, every node's log must verify ({@link LogBackend#verify}), and the step must have driven
 * jraft's storage down the path it names (see {@link StorageJournal}).
 *
 * <p>Bounded: a fixed number of steps, each wait with a deadline, and a budget for the whole run.
 */
final class FaultCampaign {
  private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration PUTS_TIMEOUT = Duration.ofSeconds(30);

  private final RaftCluster cluster;
  private final WriteClient client;
  private final long seed;
  private final Random random;
  private final long deadline;
  private final Duration budget;
  private String context = "";

  FaultCampaign(
      RaftCluster cluster, WriteClient client, long seed, Random random, Duration budget) {
    this.cluster = cluster;
    this.client = client;
    this.seed = seed;
    this.random = random;
    this.budget = budget;
    this.deadline = System.nanoTime() + budget.toNanos();
  }

  /**
   * Every kind once in a random order, then random kinds, {@code count} steps in all (at least one
   * of each).
   */
  static List<Fault> script(Random random, int count) {
    List<Fault> every = List.of(Fault.values());
    List<Fault> script = new ArrayList<>(every);
    Collections.shuffle(script, random);
    while (script.size() < count) {
      script.add(every.get(random.nextInt(every.size())));
    }
    return script;
  }

  /** Starts the cluster, runs the script, and checks after each step. */
  void run(List<Fault> script) {
    System.out.printf(
        "[campaign] %s, seed %d (-Djwal.jraft.seed=%d replays it): %s%n",
        cluster.backend().name(), seed, seed, script);
    context = "seed " + seed + " start";
    cluster.startAll();
    cluster.awaitLeader(LEADER_TIMEOUT);
    client.resume();
    client.awaitAcknowledged(50, PUTS_TIMEOUT);
    settle();
    for (int i = 0; i < script.size(); i++) {
      Fault fault = script.get(i);
      context = "seed " + seed + " step " + (i + 1) + "/" + script.size() + " " + fault;
      long started = System.nanoTime();
      inject(fault);
      settle();
      System.out.printf(
          "[campaign] %s: done in %d ms, %d puts acknowledged, %d failed or unknown%n",
          context,
          (System.nanoTime() - started) / 1_000_000,
          client.acknowledged().size(),
          client.failed());
      if (System.nanoTime() > deadline) {
        throw new AssertionError(context + ": the campaign ran over its budget of " + budget);
      }
    }
  }

  private void inject(Fault fault) {
    switch (fault) {
      case CRASH_LEADER -> crashLeader();
      case RESTART_FOLLOWER -> restartFollower();
      case CONFLICTING_SUFFIX -> staleLeaderStep(false);
      case COMPACTION -> compaction();
      case REBUILD_FROM_SNAPSHOT -> staleLeaderStep(true);
      case RESTART_ALL -> restartAll();
      case REPLACE_DISK -> replaceDisk();
    }
  }

  /**
   * Pauses the client, then the replicas must agree and hold every acknowledged put; resumes it.
   */
  private void settle() {
    if (!client.pause(SETTLE_TIMEOUT)) {
      throw new AssertionError(
          context + ": puts still unanswered after " + SETTLE_TIMEOUT + "\n" + cluster.describe());
    }
    awaitAgreement(cluster, SETTLE_TIMEOUT, context);
    assertNoAcknowledgedPutLost(cluster, client.acknowledged(), context);
    for (PeerId peer : cluster.peers()) {
      try {
        cluster.backend().verify().accept(cluster.logUri(peer));
      } catch (RuntimeException e) {
        throw new AssertionError(context + ": the log of " + peer + " does not verify", e);
      }
    }
    client.resume();
  }

  private void crashLeader() {
    ClusterNode leader = cluster.awaitLeader(LEADER_TIMEOUT);
    client.awaitAcknowledged(between(20, 80), PUTS_TIMEOUT);
    cluster.crash(leader.peer());
    cluster.awaitLeader(LEADER_TIMEOUT);
    client.awaitAcknowledged(between(50, 150), PUTS_TIMEOUT);
    cluster.start(leader.peer());
  }

  private void restartFollower() {
    PeerId follower = aFollower(cluster.awaitLeader(LEADER_TIMEOUT));
    cluster.stop(follower);
    client.awaitAcknowledged(between(50, 150), PUTS_TIMEOUT);
    cluster.start(follower);
  }

  /**
   * The leader is cut off with {@code stale} puts in its log only; a new leader is elected and
   * writes past them. With {@code compacted}, the new leader also snapshots twice inside that stale
   * stretch, so the old leader's log can only be rebuilt from the snapshot; without, it is repaired
   * by entries.
   */
  /**
   * {@link #staleLeaderReturns}, again (at most {@value #STALE_LEADER_TRIES} times in all) while
   * jraft takes another path than the step names, for the step is there for that path: now and then
   * the cut-off leader's puts never reach its log, or jraft still finds entries to repair it with
   * instead of a snapshot (each seen about once in a hundred such steps, on both storages).
   */
  private void staleLeaderStep(boolean compacted) {
    for (int attempt = 1; attempt < STALE_LEADER_TRIES; attempt++) {
      if (staleLeaderReturns(compacted, false)) {
        return;
      }
      System.out.printf("[campaign] %s: attempt %d took another path; again%n", context, attempt);
    }
    staleLeaderReturns(compacted, true);
  }

  private static final int STALE_LEADER_TRIES = 3;

  /**
   * @return whether jraft took the path the step names: {@code reset} with {@code compacted}, else
   *     {@code truncateSuffix}, within the old leader's stale stretch
   * @throws AssertionError if it did not and {@code strict}
   */
  private boolean staleLeaderReturns(boolean compacted, boolean strict) {
    client.pause(SETTLE_TIMEOUT);
    ClusterNode old = cluster.awaitLeader(LEADER_TIMEOUT);
    int stale = between(60, 100);
    cluster.isolate(old.peer());
    int acknowledged = client.sendTo(old, stale, Duration.ofSeconds(5));
    if (acknowledged != 0) {
      throw new AssertionError(
          context + ": a cut-off leader acknowledged " + acknowledged + " puts");
    }
    long staleEnd = old.node().getLastLogIndex();
    ClusterNode leader = cluster.awaitLeader(LEADER_TIMEOUT);
    cluster.stop(old.peer());
    if (compacted) {
      // Both snapshots fall inside the stale stretch: 2 x 10 puts and an election's entry < 60.
      sendAll(leader, 10);
      snapshot(leader);
      sendAll(leader, 10);
      snapshot(leader);
    } else {
      sendAll(leader, stale + 40);
    }
    long mark = cluster.journal().mark();
    cluster.start(old.peer());
    client.resume();
    settle();
    String op = compacted ? "reset" : "truncateSuffix";
    if (cluster
        .journal()
        .await(mark, cluster.logUri(old.peer()), op, arg -> arg <= staleEnd, SETTLE_TIMEOUT)) {
      return true;
    }
    String why =
        context
            + ": the old leader (log to "
            + staleEnd
            + ") got no "
            + op
            + " within its log, but "
            + cluster.journal().since(mark, cluster.logUri(old.peer()));
    if (strict) {
      throw new AssertionError(why + "\n" + cluster.describe());
    }
    System.out.println("[campaign] " + why);
    return false;
  }

  private void compaction() {
    long mark = cluster.journal().mark();
    cluster.nodes().forEach(this::snapshot);
    client.awaitAcknowledged(between(20, 60), PUTS_TIMEOUT);
    // Every node must have applied past its first snapshot, or its second one is no snapshot at
    // all.
    client.pause(SETTLE_TIMEOUT);
    awaitAgreement(cluster, SETTLE_TIMEOUT, context);
    cluster.nodes().forEach(this::snapshot);
    client.resume();
    for (PeerId peer : cluster.peers()) {
      if (!cluster
          .journal()
          .await(mark, cluster.logUri(peer), "truncatePrefix", arg -> arg > 1, SETTLE_TIMEOUT)) {
        throw new AssertionError(
            context + ": no truncatePrefix on " + peer + "\n" + cluster.describe());
      }
    }
  }

  private void restartAll() {
    client.awaitAcknowledged(between(20, 60), PUTS_TIMEOUT);
    client.pause(SETTLE_TIMEOUT);
    List<PeerId> order = new ArrayList<>(cluster.peers());
    Collections.shuffle(order, random);
    order.forEach(cluster::stop);
    Collections.shuffle(order, random);
    order.forEach(cluster::start);
    cluster.awaitLeader(LEADER_TIMEOUT);
  }

  private void replaceDisk() {
    PeerId follower = aFollower(cluster.awaitLeader(LEADER_TIMEOUT));
    cluster.stop(follower);
    cluster.wipe(follower);
    // Two snapshots on every node left, so whichever leads has dropped the log the newcomer would
    // need.
    client.awaitAcknowledged(between(20, 60), PUTS_TIMEOUT);
    client.pause(SETTLE_TIMEOUT);
    cluster.nodes().forEach(this::snapshot);
    client.resume();
    client.awaitAcknowledged(between(20, 60), PUTS_TIMEOUT);
    client.pause(SETTLE_TIMEOUT);
    cluster.nodes().forEach(this::snapshot);
    client.resume();
    ClusterNode fresh = cluster.start(follower);
    settle();
    if (fresh.fsm().snapshotsLoaded() == 0) {
      throw new AssertionError(
          context + ": the rebuilt node was not sent a snapshot\n" + cluster.describe());
    }
  }

  private void sendAll(ClusterNode leader, int puts) {
    int acknowledged = client.sendTo(leader, puts, PUTS_TIMEOUT);
    if (acknowledged != puts) {
      throw new AssertionError(
          context
              + ": the leader acknowledged "
              + acknowledged
              + " of "
              + puts
              + " puts\n"
              + cluster.describe());
    }
  }

  private void snapshot(ClusterNode node) {
    Status status = RaftCluster.snapshot(node, SETTLE_TIMEOUT);
    if (!status.isOk()) {
      throw new AssertionError(context + ": snapshot on " + node.peer() + ": " + status);
    }
  }

  private PeerId aFollower(ClusterNode leader) {
    List<PeerId> followers = new ArrayList<>(cluster.peers());
    followers.remove(leader.peer());
    return followers.get(random.nextInt(followers.size()));
  }

  private int between(int low, int high) {
    return low + random.nextInt(high - low + 1);
  }
}
