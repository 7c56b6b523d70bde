package io.capa.api.files;

import io.capa.api.internal.Checks;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of the files whose names start with {@code prefix}, in name order.
 *
 * @param marker the {@link FilePage#nextMarker()} of the previous page; empty for the first page
 */
public record ListFilesRequest(
    String store, String prefix, int pageSize, Optional<String> marker, Map<String, String> metadata) {
  /** The largest page object stores answer in one call. */
  public static final int MAX_PAGE_SIZE = 1000;

  public ListFilesRequest {
    Checks.requireText(store, "file store");
    prefix = Objects.requireNonNullElse(prefix, "");
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("pageSize must be 1.." + MAX_PAGE_SIZE + ": " + pageSize);
    }
    marker = Checks.optionalText(marker, "marker");
    metadata = Checks.metadata(metadata, "file metadata");
  }

  public static ListFilesRequest firstPage(String store, String prefix, int pageSize) {
    return new ListFilesRequest(store, prefix, pageSize, Optional.empty(), Map.of());
  }

  public ListFilesRequest after(FilePage page) {
    return new ListFilesRequest(store, prefix, pageSize, page.nextMarker(), metadata);
  }
}
