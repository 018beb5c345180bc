package io.github.jwal.campaign;

import io.github.jwal.WalOptions;
import io.github.jwal.file.FileStorageProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** What the writer and the checker agree on about the campaign's log. */
final class CampaignLog {
  /** Small segments, so that the writer cuts, seals, publishes and purges all the time. */
  static final long SEGMENT_BYTES = 64 * 1024;

  private CampaignLog() {}

  static WalOptions options(Path location) {
    return WalOptions.at(location)
        .withStorage(FileStorageProvider.NAME)
        .withSegmentBytes(SEGMENT_BYTES);
  }

  static byte[] metadata(long seed) {
    return ("jwal lazyfs campaign, seed " + seed).getBytes(StandardCharsets.US_ASCII);
  }
}
