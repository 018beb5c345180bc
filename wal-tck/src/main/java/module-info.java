/**
 * jwal's compatibility kit: the contract suites a backend runs, the crash layer over Jimfs, and
 * etcd's own logs. JUnit runs the kit's tests, so their packages are open to it.
 */
module io.github.jwal.tck {
  requires transitive io.github.jwal;
  requires transitive io.github.jwal.faults;
  requires transitive org.junit.jupiter.api;
  requires transitive com.google.common.jimfs;
  requires io.github.jwal.etcd.fixtures;

  exports io.github.jwal.tck;
  exports io.github.jwal.tck.fs;

  opens io.github.jwal.tck to
      org.junit.platform.commons;
  opens io.github.jwal.tck.fs to
      org.junit.platform.commons;
}
