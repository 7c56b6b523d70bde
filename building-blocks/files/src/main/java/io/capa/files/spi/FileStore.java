package io.capa.files.spi;

import io.capa.api.files.FileInfo;
import io.capa.api.files.FilePage;
import io.capa.components.spi.Component;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A file store component: one configured store, addressed without its name. Names are relative
 * paths with '/' between segments; a store refuses a name that could leave its root with {@code
 * ERR_INVALID_REQUEST}.
 */
public interface FileStore extends Component {

  /**
   * Writes {@code content} as the file {@code name}, replacing any file of that name once the
   * content is complete; a failed or cancelled upload leaves the previous file (or none).
   */
  CompletionStage<FileInfo> put(
      String name, String contentType, Map<String, String> metadata, Flow.Publisher<ByteBuffer> content);

  /** The content, read in chunks as the subscriber asks; a missing file fails with {@code ERR_FILE_NOT_FOUND}. */
  Flow.Publisher<ByteBuffer> get(String name);

  /** Up to {@code pageSize} files whose names start with {@code prefix} and sort after {@code marker}. */
  CompletionStage<FilePage> list(String prefix, int pageSize, Optional<String> marker);

  CompletionStage<Boolean> delete(String name);

  CompletionStage<Optional<FileInfo>> stat(String name);
}
