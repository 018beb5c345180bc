package io.github.jwal.jraft.cluster;

import java.io.IOException;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Every thread's full stack and the locks it holds or waits for, for a cluster that stalled. */
final class ThreadDumps {
  private static final Path DIR = Path.of("target", "cluster-stalls");

  private ThreadDumps() {}

  /**
   * Writes the dump to {@code target/cluster-stalls/<what>-<time>.txt}; returns the file, or null
   * if it could not.
   */
  static Path write(String what) {
    StringBuilder out = new StringBuilder();
    for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
      out.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
      if (info.getLockInfo() != null) {
        out.append(" on ").append(info.getLockInfo());
      }
      if (info.getLockOwnerName() != null) {
        out.append(" owned by \"").append(info.getLockOwnerName()).append('"');
      }
      out.append('\n');
      StackTraceElement[] stack = info.getStackTrace();
      for (int i = 0; i < stack.length; i++) {
        out.append("    at ").append(stack[i]).append('\n');
        for (MonitorInfo monitor : info.getLockedMonitors()) {
          if (monitor.getLockedStackDepth() == i) {
            out.append("      - locked ").append(monitor).append('\n');
          }
        }
      }
      for (LockInfo lock : info.getLockedSynchronizers()) {
        out.append("    holds ").append(lock).append('\n');
      }
      out.append('\n');
    }
    try {
      Files.createDirectories(DIR);
      Path file =
          DIR.resolve(
              what
                  + "-"
                  + LocalTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("HHmmss.SSS"))
                  + ".txt");
      Files.writeString(file, out);
      return file.toAbsolutePath();
    } catch (IOException e) {
      return null;
    }
  }
}
