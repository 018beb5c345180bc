/** jwal's in-memory backend, {@code memory}, found by {@link java.util.ServiceLoader}. */
module io.github.jwal.memory {
  requires transitive io.github.jwal;
  requires transitive io.github.jwal.faults;
  requires static com.google.auto.service;

  exports io.github.jwal.memory;

  provides io.github.jwal.spi.LogStorageProvider with
      io.github.jwal.memory.InMemoryStorageProvider;
}
