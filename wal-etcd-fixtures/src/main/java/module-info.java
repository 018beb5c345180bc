/**
 * Write-ahead logs real etcd wrote, as resources under {@code io/github/jwal/etcd-fixtures/}: not a
 * package, so any module reads them through its class loader.
 */
module io.github.jwal.etcd.fixtures {}
