package io.github.jwal.log;

import io.github.jwal.WalException;
import io.github.jwal.WalOptions;
import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.LogStorageProvider;
import io.github.jwal.spi.StorageOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds storage backends with {@link ServiceLoader} and opens the one the options ask for. */
public final class StorageProviders {
  public static final String PROPERTY = "jwal.storage";

  private StorageProviders() {}

  public static LogStorage open(WalOptions options) throws IOException {
    LogStorageProvider provider = choose(options.storage());
    return provider.open(options.location(),
        new StorageOptions(options.segmentBytes(), options.unsafeNoSync()));
  }

  /** By explicit name, else by the {@code jwal.storage} property, else by highest priority. */
  public static LogStorageProvider choose(String explicitName) throws WalException {
    List<LogStorageProvider> found = new ArrayList<>();
    ServiceLoader.load(LogStorageProvider.class, StorageProviders.class.getClassLoader())
        .forEach(found::add);
    String name = explicitName != null ? explicitName : System.getProperty(PROPERTY);
    if (name != null) {
      return found.stream()
          .filter(p -> p.name().equals(name))
          .findFirst()
          .orElseThrow(() -> new WalException("no storage provider named '" + name + "'; found: "
              + names(found) + ". Put its jar on the classpath."));
    }
    return found.stream()
        .max(Comparator.comparingInt(LogStorageProvider::priority))
        .orElseThrow(() -> new WalException("no storage provider on the classpath: "
            + "add io.github.jwal:wal-file or io.github.jwal:wal-inmemory"));
  }

  private static String names(List<LogStorageProvider> providers) {
    return providers.isEmpty()
        ? "none"
        : providers.stream().map(LogStorageProvider::name).collect(Collectors.joining(", "));
  }
}
