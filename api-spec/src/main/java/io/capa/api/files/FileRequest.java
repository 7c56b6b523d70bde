package io.capa.api.files;

import io.capa.api.internal.Checks;
import java.util.Map;

/** Names one file of a store, for reading, stat or delete. */
public record FileRequest(String store, String name, Map<String, String> metadata) {
  public FileRequest {
    Checks.requireText(store, "file store");
    FileNames.require(name);
    metadata = Checks.metadata(metadata, "file metadata");
  }

  public static FileRequest of(String store, String name) {
    return new FileRequest(store, name, Map.of());
  }
}
