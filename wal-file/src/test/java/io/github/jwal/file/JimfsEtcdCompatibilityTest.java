package io.github.jwal.file;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.github.jwal.tck.EtcdCompatibilityTck;
import io.github.jwal.tck.TckBackend;
import java.io.IOException;
import java.nio.file.FileSystem;
import org.junit.jupiter.api.AfterEach;

class JimfsEtcdCompatibilityTest extends EtcdCompatibilityTck {
  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());

  @AfterEach
  void closeFileSystem() throws IOException {
    fs.close();
  }

  @Override
  protected TckBackend backend() {
    return new FileTckBackend(fs.getPath("/logs"));
  }
}
