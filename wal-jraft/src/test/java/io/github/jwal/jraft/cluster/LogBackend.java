package io.github.jwal.jraft.cluster;

import com.alipay.sofa.jraft.JRaftServiceFactory;
import java.util.function.Consumer;

/**
 * The log storage a cluster's nodes run on: the service factory that creates it, and how to lose a
 * node's log entirely (a replaced disk) beyond deleting the node's directory, for a storage that
 * keeps its "disk" elsewhere.
 *
 * @param name for the reports
 * @param factory given to every node through {@code NodeOptions.setServiceFactory}
 * @param wipe called with a stopped node's log URI after its directory is deleted
 * @param verify checks a node's log from outside, while the node runs (throws if it is damaged)
 */
record LogBackend(
    String name, JRaftServiceFactory factory, Consumer<String> wipe, Consumer<String> verify) {
  static LogBackend onDisk(String name, JRaftServiceFactory factory) {
    return new LogBackend(name, factory, uri -> {}, uri -> {});
  }
}
