package io.github.jwal.bookkeeper;

import io.github.jwal.spi.SegmentId;
import java.net.URI;
import java.util.Locale;

/**
 * Where a log is: {@code bookkeeper://host:port[,host:port…]/path/of/the/log}. The authority is the
 * ZooKeeper ensemble that holds both the BookKeeper cluster's metadata and the log's own znodes;
 * the path is the log's znode, under which it keeps its manifest, its writer's lock and its holds.
 *
 * @param uri the URI as given
 * @param zooKeeper the ensemble, as ZooKeeper's connect string ({@code host:port,host:port})
 * @param path the log's znode: absolute, without a trailing slash
 */
record BookKeeperLocation(URI uri, String zooKeeper, String path) {
  static final String SCHEME = "bookkeeper";

  /**
   * Parses a location URI.
   *
   * @throws IllegalArgumentException if it is not {@code bookkeeper://ensemble/path}, or carries a
   *     query or fragment (properties are set with {@code WalOptions.withProperty}, where a
   *     password does not end up in logs and shell histories)
   */
  static BookKeeperLocation parse(URI uri) {
    if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).equals(SCHEME)) {
      throw invalid(uri, "the scheme must be " + SCHEME);
    }
    String ensemble = uri.getRawAuthority();
    if (ensemble == null || ensemble.isEmpty() || ensemble.contains("@")) {
      throw invalid(uri, "name the ZooKeeper ensemble as host:port[,host:port...]");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalid(
          uri,
          "a location takes no query or fragment: give properties with"
              + " WalOptions.withProperty");
    }
    String path = uri.getPath();
    if (path == null
        || path.length() < 2
        || !path.startsWith("/")
        || path.endsWith("/")
        || path.contains("//")
        || path.contains("/./")
        || path.contains("/../")
        || path.endsWith("/.")
        || path.endsWith("/..")) {
      throw invalid(uri, "the path must name the log's znode, such as /jwal/orders");
    }
    return new BookKeeperLocation(uri, ensemble, path);
  }

  private static IllegalArgumentException invalid(URI uri, String problem) {
    return new IllegalArgumentException("not a BookKeeper log location: " + uri + ": " + problem);
  }

  /** The znode whose data is the manifest: the log exists once it does. */
  String manifest() {
    return path + "/manifest";
  }

  /** The writer's lock: an ephemeral znode of the writer's session. */
  String lock() {
    return path + "/lock";
  }

  /** The parent of the holds: one ephemeral znode per segment the writer keeps from purges. */
  String holds() {
    return path + "/holds";
  }

  String hold(SegmentId id) {
    return holds() + "/" + id.fileName();
  }

  /** BookKeeper's metadata service on this ensemble, with its ledgers under {@code ledgersRoot}. */
  String metadataServiceUri(String ledgersRoot) {
    return "zk+hierarchical://" + zooKeeper.replace(',', ';') + ledgersRoot;
  }

  @Override
  public String toString() {
    return uri.toString();
  }
}
