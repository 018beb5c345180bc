package io.github.jwal.memory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's "Testing your own backend" shows compiled test classes verbatim; this keeps the two
 * from drifting apart, so that the README's example is always one that compiles and passes.
 */
class ReadmeExampleTest {
  private static final Path README = Path.of("..", "README.md");

  private static void assertQuoted(Path source) throws IOException {
    String readme = Files.readString(README);
    String code = Files.readString(source);
    assertTrue(readme.contains(code), "README.md must quote " + source + " verbatim");
  }

  @Test
  void theReadmeQuotesTheInMemoryKitRun() throws IOException {
    assertQuoted(Path.of("src/test/java/io/github/jwal/memory/InMemoryTckTest.java"));
  }

  @Test
  void theReadmeQuotesTheFileKitRun() throws IOException {
    assertQuoted(Path.of("../wal-file/src/test/java/io/github/jwal/file/JimfsCrashTckTest.java"));
  }
}
