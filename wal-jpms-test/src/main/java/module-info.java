/**
 * A modular user of every published jwal library. It holds no code: its tests, patched into it, run
 * on the module path.
 */
module io.github.jwal.jpmstest {
  requires io.github.jwal;
  requires io.github.jwal.faults;
  requires io.github.jwal.file;
  requires io.github.jwal.memory;
  requires io.github.jwal.tck;
  requires io.github.jwal.etcd.fixtures;

  uses io.github.jwal.spi.LogStorageProvider;
}
