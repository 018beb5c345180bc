package io.github.jwal.jraft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The jraft benchmarks run, through JMH, for a moment each on the smallest shapes: what {@code
 * scripts/jraft-bench.sh} runs for real cannot rot unnoticed. On the storages that exist so far
 * (jwal's joins when its log storage does).
 */
class BenchmarksSmokeTest {
  /**
   * The storages the benchmarks can run on today; jwal's storage is a skeleton until issue #12
   * lands.
   */
  private static final List<String> RUNNABLE = List.of("rocksdb", "heap");

  @TempDir Path dir;

  private Collection<RunResult> run(String benchmark, String... params) throws RunnerException {
    OptionsBuilder options = new OptionsBuilder();
    options
        .include(benchmark)
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(200))
        .timeout(TimeValue.seconds(60))
        .jvmArgs("-Djwal.jraft.bench.dir=" + dir)
        .param("storage", RUNNABLE.toArray(new String[0]))
        .shouldFailOnError(true)
        .verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT);
    for (int i = 0; i < params.length; i += 2) {
      options.param(params[i], params[i + 1]);
    }
    System.setProperty("jwal.jraft.bench.dir", dir.toString());
    // JMH's machine-wide lock (/tmp/jmh.lock) is for measurements; a smoke run may overlap another.
    System.setProperty("jmh.ignoreLock", "true");
    Options built = options.build();
    return new Runner(built).run();
  }

  @Test
  void appendEntries() throws RunnerException {
    Collection<RunResult> results =
        run(AppendEntriesBenchmark.class.getSimpleName(), "batch", "10", "entryBytes", "100");
    assertEquals(RUNNABLE.size(), results.size());
    for (RunResult result : results) {
      double batches = result.getPrimaryResult().getScore();
      double entries = result.getSecondaryResults().get("entries").getScore();
      assertTrue(batches > 0, result.getParams().getParam("storage"));
      assertEquals(10 * batches, entries, batches, "entries counted with each batch");
    }
  }

  @Test
  void getEntry() throws RunnerException {
    Collection<RunResult> results = run(GetEntryBenchmark.class.getSimpleName(), "logMiB", "1");
    assertEquals(RUNNABLE.size(), results.size());
    results.forEach(r -> assertTrue(r.getPrimaryResult().getSampleCount() > 0));
  }

  @Test
  void init() throws RunnerException {
    Collection<RunResult> results = run(InitBenchmark.class.getSimpleName(), "logMiB", "1");
    assertEquals(RUNNABLE.size(), results.size());
    results.forEach(r -> assertEquals(TimeUnit.MILLISECONDS, r.getParams().getTimeUnit()));
  }

  @Test
  void diskFootprint() throws InterruptedException {
    System.setProperty("jwal.jraft.bench.dir", dir.toString());
    for (String storage : List.of("rocksdb")) {
      DiskFootprint.Result result = DiskFootprint.run(storage, 2, 1024, 200);
      assertEquals(2048, result.appended());
      assertEquals(1024, result.kept());
      assertTrue(result.allocatedBefore() > 0, result.toString());
    }
  }
}
