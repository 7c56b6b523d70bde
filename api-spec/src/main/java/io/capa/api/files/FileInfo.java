package io.capa.api.files;

import io.capa.api.internal.Checks;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** What a store knows about one file. */
public record FileInfo(String name, long size, Instant lastModified, String contentType, Map<String, String> metadata) {
  public FileInfo {
    FileNames.require(name);
    if (size < 0) {
      throw new IllegalArgumentException("file size must not be negative: " + size);
    }
    Objects.requireNonNull(lastModified, "lastModified");
    contentType = Objects.requireNonNullElse(contentType, "application/octet-stream");
    metadata = Checks.metadata(metadata, "file metadata");
  }
}
