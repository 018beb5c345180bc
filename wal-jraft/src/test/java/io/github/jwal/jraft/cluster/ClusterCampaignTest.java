package io.github.jwal.jraft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.alipay.sofa.jraft.core.NodeImpl;
import io.github.jwal.jraft.testkit.Seeds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three jraft nodes on one {@link LogBackend}, a client putting keys throughout, and a seeded
 * {@link FaultCampaign}: after every fault all replicas agree and every acknowledged put is there.
 * {@code -Djwal.jraft.faults=N} sets the number of faults ({@code -Pstress} raises it); {@code
 * -Djwal.jraft.seed=S} replays a script.
 */
abstract class ClusterCampaignTest {
  private static final int FAULTS = Integer.getInteger("jwal.jraft.faults", Fault.values().length);

  @TempDir Path dir;

  protected abstract LogBackend backend();

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void everyReplicaAgreesAndKeepsEveryAcknowledgedPutThroughTheFaults() {
    long seed = Seeds.seed(getClass().getSimpleName());
    Random random = new Random(seed);
    Duration budget = Duration.ofSeconds(60L + 30L * FAULTS);
    try (RaftCluster cluster = new RaftCluster("campaign", dir, 3, backend(), random, false);
        WriteClient client = new WriteClient(cluster, seed)) {
      new FaultCampaign(cluster, client, seed, random, budget)
          .run(FaultCampaign.script(random, FAULTS));
    }
    assertEquals(0, NodeImpl.GLOBAL_NUM_NODES.get(), "nodes left running");
  }
}
