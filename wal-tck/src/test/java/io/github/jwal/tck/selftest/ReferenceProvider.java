package io.github.jwal.tck.selftest;

import io.github.jwal.spi.LogStorage;
import io.github.jwal.spi.LogStorageProvider;
import io.github.jwal.spi.StorageOptions;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * The reference backend ({@code tck-reference}) and one broken variant per {@link Flaw} ({@code
 * tck-<flaw>}), each a provider the engine finds by name.
 */
public class ReferenceProvider implements LogStorageProvider {
  private final String name;
  private final Set<Flaw> flaws;

  public ReferenceProvider() {
    this("tck-reference", EnumSet.noneOf(Flaw.class));
  }

  ReferenceProvider(Flaw flaw) {
    this(name(flaw), EnumSet.of(flaw));
  }

  private ReferenceProvider(String name, Set<Flaw> flaws) {
    this.name = name;
    this.flaws = flaws;
  }

  static String name(Flaw flaw) {
    return "tck-" + flaw.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int priority() {
    return Integer.MIN_VALUE;
  }

  @Override
  public LogStorage open(Path location, StorageOptions options) {
    return new ReferenceStorage(location, options, flaws);
  }

  public static final class SkipsFsync extends ReferenceProvider {
    public SkipsFsync() {
      super(Flaw.SKIPS_FSYNC);
    }
  }

  public static final class AcksBeforeWriting extends ReferenceProvider {
    public AcksBeforeWriting() {
      super(Flaw.ACKS_BEFORE_WRITING);
    }
  }

  public static final class ReordersAcrossSync extends ReferenceProvider {
    public ReordersAcrossSync() {
      super(Flaw.REORDERS_ACROSS_SYNC);
    }
  }

  public static final class SkipsDirectorySync extends ReferenceProvider {
    public SkipsDirectorySync() {
      super(Flaw.SKIPS_DIRECTORY_SYNC);
    }
  }

  public static final class CorruptsSyncedBytes extends ReferenceProvider {
    public CorruptsSyncedBytes() {
      super(Flaw.CORRUPTS_SYNCED_BYTES);
    }
  }

  public static final class LosesNewestSegment extends ReferenceProvider {
    public LosesNewestSegment() {
      super(Flaw.LOSES_NEWEST_SEGMENT);
    }
  }

  public static final class IgnoresLocks extends ReferenceProvider {
    public IgnoresLocks() {
      super(Flaw.IGNORES_LOCKS);
    }
  }

  public static final class LocksOnlySegments extends ReferenceProvider {
    public LocksOnlySegments() {
      super(Flaw.LOCKS_ONLY_SEGMENTS);
    }
  }

  public static final class ListsByFirstIndex extends ReferenceProvider {
    public ListsByFirstIndex() {
      super(Flaw.LISTS_BY_FIRST_INDEX);
    }
  }

  public static final class BackupNotDurable extends ReferenceProvider {
    public BackupNotDurable() {
      super(Flaw.BACKUP_NOT_DURABLE);
    }
  }

  public static final class BackupOverwrites extends ReferenceProvider {
    public BackupOverwrites() {
      super(Flaw.BACKUP_OVERWRITES);
    }
  }

  public static final class NoSyncSkipsDirectorySyncs extends ReferenceProvider {
    public NoSyncSkipsDirectorySyncs() {
      super(Flaw.NO_SYNC_SKIPS_DIRECTORY_SYNCS);
    }
  }

  public static final class TruncateNotDurable extends ReferenceProvider {
    public TruncateNotDurable() {
      super(Flaw.TRUNCATE_NOT_DURABLE);
    }
  }

  public static final class DeleteNotDurable extends ReferenceProvider {
    public DeleteNotDurable() {
      super(Flaw.DELETE_NOT_DURABLE);
    }
  }

  public static final class CreatesInPlace extends ReferenceProvider {
    public CreatesInPlace() {
      super(Flaw.CREATES_IN_PLACE);
    }
  }

  public static final class RetriesFailedSync extends ReferenceProvider {
    public RetriesFailedSync() {
      super(Flaw.RETRIES_FAILED_SYNC);
    }
  }

  public static final class PoisonNotShared extends ReferenceProvider {
    public PoisonNotShared() {
      super(Flaw.POISON_NOT_SHARED);
    }
  }

  public static final class StagedNotEmptied extends ReferenceProvider {
    public StagedNotEmptied() {
      super(Flaw.STAGED_NOT_EMPTIED);
    }
  }

  public static final class ReadsAtTheSizeItOpenedWith extends ReferenceProvider {
    public ReadsAtTheSizeItOpenedWith() {
      super(Flaw.READS_AT_THE_SIZE_IT_OPENED_WITH);
    }
  }
}
