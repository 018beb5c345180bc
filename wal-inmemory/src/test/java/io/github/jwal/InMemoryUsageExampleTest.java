package io.github.jwal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jwal.faults.FaultPlan;
import io.github.jwal.memory.InMemoryStorageProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's "Tests on the in-memory backend" example, compiled and run: the options name no
 * backend, so the log lands on the in-memory one only because its jar is on the test classpath.
 */
class InMemoryUsageExampleTest {
  @AfterEach
  void forgetLogs() {
    InMemoryStorageProvider.discardAll();
  }

  @Test
  void acknowledgedSavesSurviveAPowerLoss() throws Exception {
    WalOptions options = WalOptions.at(Path.of("/test/log"));
    Wal wal = Wal.create(options, null);
    wal.save(
        new HardState(1, 1, 0), List.of(Entry.of(1, 1, "hello".getBytes(StandardCharsets.UTF_8))));

    InMemoryStorageProvider.volume(options.location()).crash(FaultPlan.loseUnsynced(), 42);

    try (Wal restarted = Wal.open(options, Snapshot.ZERO)) {
      assertEquals(1, restarted.readAll().entries().size());
    }
  }
}
