package io.capa.runtime.blocks;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.files.FileInfo;
import io.capa.api.files.FilePage;
import io.capa.api.files.FileRequest;
import io.capa.api.files.FileService;
import io.capa.api.files.ListFilesRequest;
import io.capa.api.files.PutFileRequest;
import io.capa.runtime.spi.HttpReplies;
import io.capa.runtime.spi.HttpRoute;
import io.capa.runtime.spi.HttpRoutes;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Flow;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.Query;
import org.apache.pekko.stream.javadsl.JavaFlowSupport;
import org.apache.pekko.util.ByteString;

/**
 * The files building block over HTTP:
 *
 * <pre>
 *   PUT    /v1.0-alpha1/files/{store}/{name...}   body = content; Content-Type kept;
 *                                                 ?metadata.{key}=value kept with the file
 *   GET    /v1.0-alpha1/files/{store}/{name...}   streams the content back, chunked
 *   DELETE /v1.0-alpha1/files/{store}/{name...}   204, or 404 ERR_FILE_NOT_FOUND
 *   GET    /v1.0-alpha1/files/{store}?prefix=&marker=&limit=   {"files":[...],"nextMarker":...}
 * </pre>
 *
 * Downloads stream from the store. Uploads do not: the HTTP API reads a request body into memory,
 * up to its body limit ({@code capa.http.max-request-bytes}), before any route sees it.
 */
public final class FilesHttp implements HttpRoutes {
  private static final String PREFIX = "v1.0-alpha1";
  private static final String FILE = "/v1.0-alpha1/files/{store}/{name}";
  private static final String LIST = "/v1.0-alpha1/files/{store}";
  private static final String METADATA = "metadata.";
  private static final int DEFAULT_LIMIT = 100;

  private final FileService files;

  public FilesHttp(FileService files) {
    this.files = Objects.requireNonNull(files, "files");
  }

  @Override
  public Optional<HttpRoute> match(HttpRequest request, List<String> segments) {
    if (segments.size() < 3 || !segments.get(0).equals(PREFIX) || !segments.get(1).equals("files")) {
      return Optional.empty();
    }
    String store = segments.get(2);
    if (segments.size() == 3) {
      if (!request.method().equals(HttpMethods.GET)) {
        return Optional.empty();
      }
      return Optional.of(new HttpRoute(LIST, false, (r, body) -> list(store, r)));
    }
    String name = String.join("/", segments.subList(3, segments.size()));
    if (request.method().equals(HttpMethods.PUT)) {
      return Optional.of(new HttpRoute(FILE, true, (r, body) -> put(store, name, r, body)));
    }
    if (request.method().equals(HttpMethods.GET)) {
      return Optional.of(new HttpRoute(FILE, false, (r, body) -> get(store, name)));
    }
    if (request.method().equals(HttpMethods.DELETE)) {
      return Optional.of(new HttpRoute(FILE, false, (r, body) -> delete(store, name)));
    }
    return Optional.empty();
  }

  private java.util.concurrent.CompletionStage<HttpResponse> put(String store, String name, HttpRequest r, byte[] body) {
    Map<String, String> metadata = new LinkedHashMap<>();
    r.getUri().query().toMap().forEach((k, v) -> {
      if (k.startsWith(METADATA) && k.length() > METADATA.length()) {
        metadata.put(k.substring(METADATA.length()), v);
      }
    });
    ContentType type = r.entity().getContentType();
    String contentType = type.equals(ContentTypes.NO_CONTENT_TYPE) ? null : type.toString();
    PutFileRequest request = new PutFileRequest(store, name, contentType, metadata);
    Flow.Publisher<ByteBuffer> content = single(body);
    return files.put(request, content).thenApply(info -> HttpReplies.json(200, json(info)));
  }

  private java.util.concurrent.CompletionStage<HttpResponse> get(String store, String name) {
    FileRequest request = FileRequest.of(store, name);
    // Stat first: a missing file must be a 404, which a response already streaming cannot become.
    return files.stat(request).thenApply(info -> {
      FileInfo f = info.orElseThrow(() -> new CapaException(ErrorCode.FILE_NOT_FOUND, "no file \"" + name + "\" in " + store));
      ContentType type = contentType(f.contentType());
      return HttpResponse.create().withEntity(HttpEntities.createChunked(type,
          JavaFlowSupport.Source.fromPublisher(files.get(request)).map(ByteString::fromByteBuffer)));
    });
  }

  private java.util.concurrent.CompletionStage<HttpResponse> delete(String store, String name) {
    return files.delete(FileRequest.of(store, name)).thenApply(existed -> {
      if (!existed) {
        throw new CapaException(ErrorCode.FILE_NOT_FOUND, "no file \"" + name + "\" in " + store);
      }
      return HttpReplies.noContent();
    });
  }

  private java.util.concurrent.CompletionStage<HttpResponse> list(String store, HttpRequest r) {
    Query q = r.getUri().query();
    int limit = q.get("limit").map(v -> parseLimit(v)).orElse(DEFAULT_LIMIT);
    ListFilesRequest request = new ListFilesRequest(
        store, q.get("prefix").orElse(""), limit, q.get("marker").filter(m -> !m.isEmpty()), Map.of());
    return files.list(request).thenApply(page -> HttpReplies.json(200, json(page)));
  }

  private static ContentType contentType(String text) {
    try {
      return ContentTypes.parse(text);
    } catch (RuntimeException e) {
      return ContentTypes.APPLICATION_OCTET_STREAM; // stored through another API, not parseable here
    }
  }

  private static int parseLimit(String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit must be a number 1.." + ListFilesRequest.MAX_PAGE_SIZE + ": " + v);
    }
  }

  private static Map<String, Object> json(FilePage page) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("files", page.files().stream().map(FilesHttp::json).toList());
    m.put("nextMarker", page.nextMarker().orElse(null));
    return m;
  }

  private static Map<String, Object> json(FileInfo f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", f.name());
    m.put("size", f.size());
    m.put("lastModified", f.lastModified().toString());
    m.put("contentType", f.contentType());
    m.put("metadata", f.metadata());
    return m;
  }

  private static Flow.Publisher<ByteBuffer> single(byte[] body) {
    return s -> s.onSubscribe(new Flow.Subscription() {
      private boolean done;

      @Override
      public synchronized void request(long n) {
        if (done) {
          return;
        }
        done = true;
        if (body.length > 0) {
          s.onNext(ByteBuffer.wrap(body).asReadOnlyBuffer());
        }
        s.onComplete();
      }

      @Override
      public synchronized void cancel() {
        done = true;
      }
    });
  }
}
