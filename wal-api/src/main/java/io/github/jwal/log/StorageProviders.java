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
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds storage backends with {@link ServiceLoader} and opens the one the options ask for. */
public final class StorageProviders {
  public static final String PROPERTY = "jwal.storage";

  private StorageProviders() {}

  public static LogStorage open(WalOptions options) throws IOException {
    StorageOptions storageOptions =
        new StorageOptions(options.segmentBytes(), options.unsafeNoSync(), options.properties());
    if (options.isPath()) {
      return choose(options.storage()).open(options.location(), storageOptions);
    }
    String scheme = options.uri().getScheme().toLowerCase(Locale.ROOT);
    return choose(options.storage(), scheme).open(options.uri(), storageOptions);
  }

  /** The provider for a path location: {@link #choose(String, String)} of paths. */
  public static LogStorageProvider choose(String explicitName) throws WalException {
    return choose(explicitName, LogStorageProvider.PATH_SCHEME);
  }

  /**
   * Among the providers that open {@code scheme}'s locations: by explicit name, else by the {@code
   * jwal.storage} property when it names one of them, else by highest priority.
   */
  public static LogStorageProvider choose(String explicitName, String scheme) throws WalException {
    List<LogStorageProvider> found = new ArrayList<>();
    ServiceLoader.load(LogStorageProvider.class, StorageProviders.class.getClassLoader())
        .forEach(found::add);
    List<LogStorageProvider> candidates =
        found.stream().filter(p -> p.schemes().contains(scheme)).toList();
    if (explicitName != null) {
      LogStorageProvider named = named(found, explicitName);
      if (!candidates.contains(named)) {
        throw new WalException(
            "the storage provider '"
                + explicitName
                + "' does not open "
                + what(scheme)
                + "; providers that do: "
                + names(candidates));
      }
      return named;
    }
    String property = System.getProperty(PROPERTY);
    if (property != null) {
      LogStorageProvider named = named(found, property);
      if (candidates.contains(named)) {
        return named;
      }
    }
    return candidates.stream()
        .max(Comparator.comparingInt(LogStorageProvider::priority))
        .orElseThrow(
            () ->
                new WalException(
                    "no storage provider on the classpath opens "
                        + what(scheme)
                        + " (found: "
                        + names(found)
                        + "): add io.github.jwal:wal-file or"
                        + " io.github.jwal:wal-inmemory for paths, or the backend of that scheme"));
  }

  private static LogStorageProvider named(List<LogStorageProvider> found, String name)
      throws WalException {
    Optional<LogStorageProvider> named =
        found.stream().filter(p -> p.name().equals(name)).findFirst();
    if (named.isEmpty()) {
      throw new WalException(
          "no storage provider named '"
              + name
              + "'; found: "
              + names(found)
              + ". Put its jar on the classpath.");
    }
    return named.get();
  }

  private static String what(String scheme) {
    return scheme.equals(LogStorageProvider.PATH_SCHEME) ? "paths" : scheme + ": locations";
  }

  private static String names(List<LogStorageProvider> providers) {
    return providers.isEmpty()
        ? "none"
        : providers.stream().map(LogStorageProvider::name).collect(Collectors.joining(", "));
  }
}
