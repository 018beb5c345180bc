package io.github.jwal.jraft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ClusterThroughput} runs for a moment, so what {@code scripts/jraft-bench.sh} measures
 * cannot rot.
 */
@Tag("without-rocksdb")
class ClusterThroughputSmokeTest {
  @TempDir Path dir;

  @Test
  void aShortRunCommitsPuts() throws InterruptedException {
    System.setProperty("jwal.jraft.bench.dir", dir.toString());
    ClusterThroughput.Result result =
        ClusterThroughput.run("heap", Duration.ofSeconds(1), 64, Duration.ofMillis(500));
    System.out.println("[throughput] " + result);
    assertTrue(result.committed() > 0, result.toString());
    assertEquals(0, result.failed(), result.toString());
  }
}
