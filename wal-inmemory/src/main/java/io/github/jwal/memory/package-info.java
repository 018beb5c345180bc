/**
 * The {@code memory} storage backend: a log's segments held in memory, with a durability model that
 * tests can crash on purpose.
 *
 * <p>Public API: {@link io.github.jwal.memory.InMemoryStorageProvider} (the provider, found by
 * {@link java.util.ServiceLoader}, and the registry of volumes), {@link
 * io.github.jwal.memory.InMemoryVolume} (one log's durable state: inspect, crash with a {@link
 * io.github.jwal.faults.FaultPlan}, inject failures). Everything else is package-private.
 *
 * <pre>{@code
 * Path dir = Path.of("/logs/node-1");
 * InMemoryVolume volume = InMemoryStorageProvider.volume(dir);
 * // ... write through the engine with storage "memory" at dir, without syncing the last save ...
 * volume.crash(FaultPlan.tear(512, FaultPlan.Fill.GARBAGE), seed);
 * // ... reopen at dir: every synced byte is there, the torn tail is the engine's to detect ...
 * InMemoryStorageProvider.discard(dir);
 * }</pre>
 */
package io.github.jwal.memory;
