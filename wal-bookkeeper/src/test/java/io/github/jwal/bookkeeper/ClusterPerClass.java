package io.github.jwal.bookkeeper;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link LocalCluster} of three bookies for one test class, started before its first test and
 * closed after its last: {@code @RegisterExtension static final ClusterPerClass CLUSTER = new
 * ClusterPerClass();}. The class's tests, which may run at once, share it, its nested classes'
 * (which inherit the extension) too.
 */
final class ClusterPerClass implements BeforeAllCallback, AfterAllCallback {
  private volatile LocalCluster cluster;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (!nested(context)) {
      cluster = LocalCluster.start(3);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (!nested(context) && cluster != null) {
      cluster.close();
    }
  }

  private static boolean nested(ExtensionContext context) {
    return context.getParent().flatMap(ExtensionContext::getTestClass).isPresent();
  }

  LocalCluster get() {
    return cluster;
  }
}
