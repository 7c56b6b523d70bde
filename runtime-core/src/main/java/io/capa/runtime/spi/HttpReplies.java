package io.capa.runtime.spi;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/** Success responses for {@link HttpRoute} handlers; errors are failures with a CapaException. */
public final class HttpReplies {
  /** The JSON mapper the HTTP API uses; building-block routes share it. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private static final HttpResponse NO_CONTENT = HttpResponse.create().withStatus(StatusCodes.NO_CONTENT);

  private HttpReplies() {}

  public static HttpResponse noContent() {
    return NO_CONTENT;
  }

  public static HttpResponse json(int status, byte[] body) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, body);
  }

  /** {@code value} written by {@link #MAPPER}. */
  public static HttpResponse json(int status, Object value) {
    try {
      return json(status, MAPPER.writeValueAsBytes(value));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static CompletionStage<HttpResponse> done(HttpResponse response) {
    return CompletableFuture.completedFuture(response);
  }
}
