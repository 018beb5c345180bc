/**
 * jwal: a write-ahead log on etcd's on-disk format. {@code io.github.jwal} is the API,
 * {@code io.github.jwal.spi} the storage-backend SPI; backends are found with {@link java.util.ServiceLoader}.
 */
module io.github.jwal {
  exports io.github.jwal;
  exports io.github.jwal.spi;

  uses io.github.jwal.spi.LogStorageProvider;
}
