/**
 * The write-ahead log's API: {@link io.github.jwal.Wal} and its options, values and exceptions.
 * Nothing here is {@code null} unless it is marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.github.jwal;

import org.jspecify.annotations.NullMarked;
