/**
 * The compatibility kit (TCK) for jwal storage backends: plain JUnit 5, no other engine.
 *
 * <p>Public API: {@link io.github.jwal.tck.WalTck} (extend it, implement {@code fixture()}), {@link
 * io.github.jwal.tck.TckFixture} (what the kit needs of a backend: locations, bytes put in place,
 * crash and failure hooks), {@link io.github.jwal.faults.FaultPlan} (what a simulated power loss
 * does), {@link io.github.jwal.tck.Capability} (which hooks a fixture implements), {@link
 * io.github.jwal.tck.WriteFault}, and {@link io.github.jwal.tck.EtcdCompatibilityTck} with its
 * {@link io.github.jwal.tck.TckBackend} for the etcd suite alone. File-based backends get a crash
 * layer over Jimfs in {@link io.github.jwal.tck.fs}. Everything else is package-private.
 *
 * <p>System properties: {@code jwal.tck.seed} replays one printed case of each simulation; {@code
 * jwal.tck.baseSeed} draws the cases from another seed; {@code jwal.tck.scale} runs that many times
 * more cases.
 */
package io.github.jwal.tck;
