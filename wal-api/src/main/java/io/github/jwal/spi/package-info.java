/**
 * The storage SPI a backend implements; its contract's rules (R1–R14) are listed in
 * docs/tck-rules.md and checked by wal-tck. Nothing here is {@code null} unless it is marked {@link
 * org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.github.jwal.spi;

import org.jspecify.annotations.NullMarked;
