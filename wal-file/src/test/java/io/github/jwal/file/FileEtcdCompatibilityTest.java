package io.github.jwal.file;

import io.github.jwal.tck.EtcdCompatibilityTck;
import io.github.jwal.tck.TckBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileEtcdCompatibilityTest extends EtcdCompatibilityTck {
  @TempDir Path root;

  @Override
  protected TckBackend backend() {
    return new FileTckBackend(root);
  }
}
