package io.github.jwal.file;

import java.util.Locale;

/**
 * How {@link FileStorageProvider} reserves a new segment's {@code segmentBytes} before the engine
 * writes to it. The segment always reads as zeros after the written bytes, whatever the choice;
 * what differs is how much work each later {@code sync} has to do. Measured on ext4 in {@code
 * docs/PERFORMANCE.md}, "Segment preallocation".
 *
 * <p>Pure Java 17 cannot call {@code fallocate(2)}, which etcd uses; {@link #ZERO} gets the same
 * effect (blocks allocated, size set) by writing the zeros, which costs a segment's worth of disk
 * writes but runs in the pipeline thread, away from the appends.
 */
public enum Preallocation {
  /**
   * Writes zeros up to the segment size and syncs them, so that appends overwrite allocated blocks
   * and a sync has no size or block allocation to commit. The default. On a filesystem other than
   * the default one (Jimfs, for example) this falls back to {@link #SPARSE}.
   */
  ZERO,

  /**
   * Sets the size by writing the last byte: a sparse file, etcd's fallback where fallocate is
   * missing. Every append still allocates blocks, which its sync must commit.
   */
  SPARSE,

  /** Reserves nothing: the segment grows as it is written, and every sync commits the new size. */
  NONE;

  /**
   * The system property that picks the preallocation: {@code zero}, {@code sparse} or {@code none}.
   */
  public static final String PROPERTY = "jwal.file.preallocation";

  /** The measured winner, used when {@link #PROPERTY} is not set. */
  public static final Preallocation DEFAULT = ZERO;

  /**
   * The preallocation that {@link #PROPERTY} names, or {@link #DEFAULT} if it is not set.
   *
   * @throws IllegalArgumentException if the property holds anything else
   */
  public static Preallocation fromSystemProperty() {
    String value = System.getProperty(PROPERTY);
    return value == null ? DEFAULT : parse(value);
  }

  /**
   * The preallocation named {@code zero}, {@code sparse} or {@code none}, in any case.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static Preallocation parse(String name) {
    for (Preallocation p : values()) {
      if (p.name().equalsIgnoreCase(name.trim())) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        PROPERTY + " must be zero, sparse or none, not '" + name + "'");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
