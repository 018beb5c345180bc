package io.github.jwal;

import io.github.jwal.memory.InMemoryStorageProvider;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.LogStorageProvider;
import io.github.jwal.spi.StorageOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;

/**
 * A backend of URI locations for the selection tests: {@code uri-memory:///a/b} is the in-memory
 * volume at {@code /a/b}. It remembers the options of the last open, to show what reached it.
 */
public final class UriMemoryProvider implements LogStorageProvider {
  static final String NAME = "uri-memory";
  static volatile StorageOptions lastOptions;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public Set<String> schemes() {
    return Set.of(NAME);
  }

  @Override
  public LogStorage open(Path location, StorageOptions options) {
    throw new IllegalArgumentException(NAME + " opens " + NAME + ": URIs only");
  }

  @Override
  public LogStorage open(URI location, StorageOptions options) throws IOException {
    lastOptions = options;
    return new InMemoryStorageProvider().open(Path.of(location.getPath()), options);
  }
}
