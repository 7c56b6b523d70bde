package io.capa.api.files;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Files (blobs) in named stores, streamed in both directions so that a file never has to fit in
 * memory. Fails with {@link io.capa.api.CapaException}: {@code ERR_COMPONENT_NOT_FOUND} for an
 * unknown store, {@code ERR_FILE_NOT_FOUND}, {@code ERR_COMPONENT_FAILED} when the store errs.
 */
public interface FileService {
  /**
   * Writes the file from {@code content}, replacing any file of that name. The file appears whole
   * or not at all: if {@code content} fails or the write is cancelled, the previous file (or none)
   * stays. The runtime requests buffers as it can store them and does not keep them after use.
   */
  CompletionStage<FileInfo> put(PutFileRequest request, Flow.Publisher<ByteBuffer> content);

  /**
   * The file's content, in buffers the subscriber may keep. A missing file signals {@code
   * ERR_FILE_NOT_FOUND} through {@code onError}; each subscriber reads the file anew.
   */
  Flow.Publisher<ByteBuffer> get(FileRequest request);

  CompletionStage<FilePage> list(ListFilesRequest request);

  /** Completes with {@code false} when there was no such file. */
  CompletionStage<Boolean> delete(FileRequest request);

  /** The file's size, time and metadata without its content; empty when there is no such file. */
  CompletionStage<Optional<FileInfo>> stat(FileRequest request);
}
