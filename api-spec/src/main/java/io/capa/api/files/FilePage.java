package io.capa.api.files;

import io.capa.api.internal.Checks;
import java.util.List;
import java.util.Optional;

/** One page of a listing; {@code nextMarker} is empty on the last page. */
public record FilePage(List<FileInfo> files, Optional<String> nextMarker) {
  public FilePage {
    files = Checks.list(files, "files");
    nextMarker = Checks.optionalText(nextMarker, "nextMarker");
  }

  public boolean isLast() {
    return nextMarker.isEmpty();
  }
}
