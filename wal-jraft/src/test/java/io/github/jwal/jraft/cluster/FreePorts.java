package io.github.jwal.jraft.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;

/**
 * Free TCP ports on the loopback interface for a cluster's nodes. They are drawn below the kernel's
 * ephemeral range (32768 and up on Linux), because a node keeps its port across restarts, and while
 * it is down an outgoing connection could otherwise be handed its port as a local one.
 */
final class FreePorts {
  private static final int LOW = 20_000;
  private static final int HIGH = 32_000;

  private FreePorts() {}

  /** {@code count} distinct ports that could be bound on 127.0.0.1 just now. */
  static int[] pick(int count, Random random) {
    Set<Integer> ports = new LinkedHashSet<>();
    for (int attempt = 0; ports.size() < count; attempt++) {
      if (attempt > 1_000) {
        throw new IllegalStateException("no free loopback ports in [" + LOW + ", " + HIGH + ")");
      }
      int port = LOW + random.nextInt(HIGH - LOW);
      if (!ports.contains(port) && bindable(port)) {
        ports.add(port);
      }
    }
    return ports.stream().mapToInt(Integer::intValue).toArray();
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
