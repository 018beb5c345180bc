package io.github.jwal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar run by {@code java -jar}, as the ./jwal launcher runs it: its manifest names the
 * main class, and the file backend's service registration survived the shading.
 */
class JarSmokeIT {
  @TempDir Path tmp;

  private record Result(int exitCode, String out) {}

  private static Result jwal(Object... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("jwal.jar")));
    for (Object arg : args) {
      command.add(arg.toString());
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), out);
  }

  @Test
  void theJarVerifiesAnEtcdLog() throws IOException, InterruptedException {
    Path wal = Fixtures.copy("multi-segment", tmp);
    Result result = jwal("verify", wal);
    assertEquals(0, result.exitCode(), result.out());
    assertTrue(result.out().startsWith("ok: "), result.out());
  }

  @Test
  void theJarExitsWith1OnATornTail() throws IOException, InterruptedException {
    Path wal = Fixtures.copy("torn-tail-truncated", tmp);
    Result result = jwal("verify", wal);
    assertEquals(1, result.exitCode(), result.out());
  }

  @Test
  void theJarKnowsItsVersion() throws IOException, InterruptedException {
    Result result = jwal("--version");
    assertEquals(0, result.exitCode(), result.out());
    assertTrue(result.out().startsWith("jwal 0."), result.out());
  }
}
