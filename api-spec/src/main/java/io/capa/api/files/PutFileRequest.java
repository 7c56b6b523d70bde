package io.capa.api.files;

import io.capa.api.internal.Checks;
import java.util.Map;
import java.util.Objects;

/** Where to write a file and what to keep with it; the content comes as a separate stream. */
public record PutFileRequest(String store, String name, String contentType, Map<String, String> metadata) {
  public PutFileRequest {
    Checks.requireText(store, "file store");
    FileNames.require(name);
    contentType = Objects.requireNonNullElse(contentType, "application/octet-stream");
    Checks.requireText(contentType, "contentType");
    metadata = Checks.metadata(metadata, "file metadata");
  }

  public static PutFileRequest of(String store, String name, String contentType) {
    return new PutFileRequest(store, name, contentType, Map.of());
  }
}
