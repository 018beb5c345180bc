/**
 * sofa-jraft's log on jwal.
 *
 * <p>{@link io.github.jwal.jraft.WalJRaftServiceFactory} is registered through jraft's own SPI
 * ({@code META-INF/services/com.alipay.sofa.jraft.JRaftServiceFactory}, priority 1, above jraft's
 * default 0): with this jar on the class path every jraft node keeps its log in a jwal log at the
 * node's log URI, and its snapshots and Raft metadata in jraft's own files, so no node needs
 * RocksDB. A node can also be given the factory explicitly through {@code
 * NodeOptions.setServiceFactory}.
 *
 * <p>The module runs on the class path only: jraft-core ships classes in the package {@code
 * com.google.protobuf}, which protobuf-java also holds, so the two cannot share a module layer. The
 * jar names itself {@code io.github.jwal.jraft} through {@code Automatic-Module-Name}.
 */
package io.github.jwal.jraft;
