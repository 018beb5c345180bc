/**
 * A crash-simulating file system for file-based backends: {@link
 * io.github.jwal.tck.fs.CrashableJimfs} (the simulated disk) and {@link
 * io.github.jwal.tck.fs.JimfsCrashFixture} (a ready {@link io.github.jwal.tck.TckFixture} on it).
 * Everything else is package-private.
 */
package io.github.jwal.tck.fs;
