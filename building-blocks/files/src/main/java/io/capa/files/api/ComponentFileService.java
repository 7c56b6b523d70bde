package io.capa.files.api;

import io.capa.api.CapaException;
import io.capa.api.files.FileInfo;
import io.capa.api.files.FilePage;
import io.capa.api.files.FileRequest;
import io.capa.api.files.FileService;
import io.capa.api.files.ListFilesRequest;
import io.capa.api.files.PutFileRequest;
import io.capa.components.api.Components;
import io.capa.files.spi.FileStore;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** The files building block: each call goes to the {@link FileStore} component its request names. */
public final class ComponentFileService implements FileService {
  private static final String WHAT = "file store";
  private final Components components;

  public ComponentFileService(Components components) {
    this.components = Objects.requireNonNull(components, "components");
  }

  @Override
  public CompletionStage<FileInfo> put(PutFileRequest request, Flow.Publisher<ByteBuffer> content) {
    Objects.requireNonNull(content, "content");
    try {
      return store(request.store()).put(request.name(), request.contentType(), request.metadata(), content);
    } catch (CapaException e) {
      // The upload never starts: tell the publisher so it can release what it holds.
      content.subscribe(Cancelling.INSTANCE);
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public Flow.Publisher<ByteBuffer> get(FileRequest request) {
    try {
      return store(request.store()).get(request.name());
    } catch (CapaException e) {
      return subscriber -> {
        subscriber.onSubscribe(Cancelling.NOTHING);
        subscriber.onError(e);
      };
    }
  }

  @Override
  public CompletionStage<FilePage> list(ListFilesRequest request) {
    try {
      return store(request.store()).list(request.prefix(), request.pageSize(), request.marker());
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<Boolean> delete(FileRequest request) {
    try {
      return store(request.store()).delete(request.name());
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<Optional<FileInfo>> stat(FileRequest request) {
    try {
      return store(request.store()).stat(request.name());
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private FileStore store(String name) {
    return components.require(name, FileStore.class, WHAT);
  }

  /** Cancels at once whatever it is subscribed to. */
  private static final class Cancelling implements Flow.Subscriber<ByteBuffer> {
    static final Cancelling INSTANCE = new Cancelling();
    static final Flow.Subscription NOTHING =
        new Flow.Subscription() {
          @Override
          public void request(long n) {}

          @Override
          public void cancel() {}
        };

    @Override
    public void onSubscribe(Flow.Subscription s) {
      s.cancel();
    }

    @Override
    public void onNext(ByteBuffer item) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onComplete() {}
  }
}
