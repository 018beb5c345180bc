package io.github.jwal.cli;

import io.github.jwal.Snapshot;
import io.github.jwal.WalOptions;
import io.github.jwal.file.FileStorageProvider;
import io.github.jwal.spi.LogStorageProvider;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The log a command works on: a directory, or the URI of a log in another backend; the backend's
 * properties; the snapshot to read it from.
 */
final class LogLocation {
  /** {@code scheme://}: what tells a URI from a path (a path may hold a colon, a URI has this). */
  private static final Pattern URI_START = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+://.*");

  @Parameters(
      index = "0",
      paramLabel = "DIR|URI",
      description = {
        "The log: a WAL directory (one jwal wrote, or etcd's member/wal), or the URI of a log in"
            + " another backend, such as bookkeeper://zk1:2181,zk2:2181/jwal/orders; that"
            + " backend's jar must be on the class path (the ./jwal script adds $JWAL_CLASSPATH)."
      })
  String log;

  @Option(
      names = "--property",
      paramLabel = "KEY=VALUE",
      description =
          "A backend property, as WalOptions.withProperty sets it (such as"
              + " bookkeeper.password=...); repeat it for more.")
  Map<String, String> properties = new LinkedHashMap<>();

  @ArgGroup(exclusive = false, multiplicity = "0..1")
  SnapshotOptions snapshot;

  /** Both or neither: a snapshot is named by its index and term together. */
  static final class SnapshotOptions {
    @Option(
        names = "--snapshot-index",
        paramLabel = "I",
        required = true,
        converter = UnsignedLongConverter.class,
        description =
            "Read from the snapshot at index I (with --snapshot-term), as a restarting member"
                + " does; needed once old segments are purged. Default: the start of the log (0).")
    long index;

    @Option(
        names = "--snapshot-term",
        paramLabel = "T",
        required = true,
        converter = UnsignedLongConverter.class,
        description = "The term of that snapshot. Default: 0.")
    long term;
  }

  /** Whether the operator named a snapshot to read from. */
  boolean snapshotGiven() {
    return snapshot != null;
  }

  /**
   * A location the command cannot work on, whatever the log holds: a malformed URI, or one no
   * backend on the class path opens. Reported as such, with exit code {@value ExitCodes#UNUSABLE}.
   */
  static final class UnusableLocation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnusableLocation(String location, String problem) {
      super(location + ": " + problem);
    }
  }

  Snapshot snapshot() {
    return snapshot == null ? Snapshot.ZERO : Snapshot.of(snapshot.index, snapshot.term);
  }

  /** Whether the log is a directory: given as a path, or as a {@code file:} URI. */
  boolean isPath() {
    return uri() == null;
  }

  /** The directory. */
  Path dir() {
    URI uri = parse();
    return uri == null ? Path.of(log) : Path.of(uri);
  }

  /** The log as the operator named it, for messages. */
  String name() {
    return log;
  }

  /** Where {@code file}, a name the backend gave (a repair's backup), is, for messages. */
  String describe(String file) {
    return isPath() ? dir().resolve(file).toString() : file + " at " + log;
  }

  /**
   * A directory is always opened by the file backend, whatever else is on the class path; a URI by
   * the backend that opens its scheme, as the library chooses it.
   *
   * @throws UnusableLocation if no backend on the class path opens the URI's scheme
   */
  WalOptions options() {
    URI uri = uri();
    if (uri == null) {
      return WalOptions.at(dir()).withStorage(FileStorageProvider.NAME).withProperties(properties);
    }
    requireBackend(uri.getScheme().toLowerCase(Locale.ROOT));
    return WalOptions.at(uri).withProperties(properties);
  }

  /**
   * The segments as they are: from the directory itself for a directory (every file, whether or not
   * the log reads), from the backend otherwise (published segments only; empty if it cannot list).
   */
  DirectoryListing listing() throws IOException {
    return isPath() ? DirectoryListing.of(dir()) : DirectoryListing.ofBackend(options());
  }

  /** The URI when the log is not a directory, else {@code null}. */
  private URI uri() {
    URI uri = parse();
    return uri == null || uri.getScheme().equalsIgnoreCase(LogStorageProvider.PATH_SCHEME)
        ? null
        : uri;
  }

  private URI parse() {
    if (!URI_START.matcher(log).matches()) {
      return null;
    }
    try {
      return new URI(log);
    } catch (URISyntaxException e) {
      throw new UnusableLocation(log, "not a valid location URI: " + e.getMessage());
    }
  }

  private void requireBackend(String scheme) {
    List<LogStorageProvider> found =
        ServiceLoader.load(LogStorageProvider.class, LogLocation.class.getClassLoader()).stream()
            .map(ServiceLoader.Provider::get)
            .toList();
    if (found.stream().noneMatch(p -> p.schemes().contains(scheme))) {
      throw new UnusableLocation(
          log,
          "no storage backend on the class path opens "
              + scheme
              + ": locations (found: "
              + String.join(", ", found.stream().map(LogStorageProvider::name).toList())
              + "); put the backend's jar and its dependencies on the class path, with"
              + " ./jwal: JWAL_CLASSPATH=<jars> ./jwal ...");
    }
  }
}
