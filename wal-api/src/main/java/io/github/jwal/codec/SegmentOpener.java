package io.github.jwal.codec;

import io.github.jwal.spi.SegmentId;
import io.github.jwal.spi.SegmentReader;
import java.io.IOException;

/** Opens a segment for reading: all {@link RecordReader} needs of a storage. */
@FunctionalInterface
public interface SegmentOpener {
  SegmentReader openReader(SegmentId id) throws IOException;
}
