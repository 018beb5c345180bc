package io.github.jwal;

/** Two metadata records in the log hold different bytes (etcd's {@code ErrMetadataConflict}). */
public class MetadataConflictException extends WalCorruptException {
  private static final long serialVersionUID = 1L;

  public MetadataConflictException(String segment, long offset) {
    super(segment, offset, "conflicting metadata found");
  }
}
