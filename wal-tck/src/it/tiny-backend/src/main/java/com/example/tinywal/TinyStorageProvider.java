package com.example.tinywal;

import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.LogStorageProvider;
import io.github.jwal.spi.StorageOptions;
import java.nio.file.Path;

/** The {@code tiny} backend: a log is a directory of segment files on any {@link Path}. */
public final class TinyStorageProvider implements LogStorageProvider {
  public static final String NAME = "tiny";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public LogStorage open(Path location, StorageOptions options) {
    return new TinyStorage(location.toAbsolutePath().normalize(), options);
  }
}
