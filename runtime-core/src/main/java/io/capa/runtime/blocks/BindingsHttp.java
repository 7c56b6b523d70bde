package io.capa.runtime.blocks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.bindings.BindingRequest;
import io.capa.api.bindings.BindingResponse;
import io.capa.api.bindings.BindingService;
import io.capa.runtime.spi.HttpReplies;
import io.capa.runtime.spi.HttpRoute;
import io.capa.runtime.spi.HttpRoutes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * Output bindings over HTTP, on Dapr's path: {@code POST} (or {@code PUT}) {@code
 * /v1.0/bindings/{name}} with {@code {"data": ..., "metadata": {...}, "operation": "create"}}.
 *
 * <p>{@code data} that is a JSON string reaches the binding as the string's UTF-8 bytes; any other
 * JSON value as its JSON text. The answer is 200 with the binding's data as the body, or 204 when it
 * has none; the binding's response metadata comes back as {@code metadata.<key>} headers.
 */
public final class BindingsHttp implements HttpRoutes {
  private static final String TEMPLATE = "/v1.0/bindings/{name}";

  private final BindingService bindings;

  public BindingsHttp(BindingService bindings) {
    this.bindings = Objects.requireNonNull(bindings, "bindings");
  }

  @Override
  public Optional<HttpRoute> match(HttpRequest request, List<String> segments) {
    if (segments.size() != 3 || !segments.get(0).equals("v1.0") || !segments.get(1).equals("bindings")) {
      return Optional.empty();
    }
    if (!request.method().equals(HttpMethods.POST) && !request.method().equals(HttpMethods.PUT)) {
      return Optional.empty();
    }
    String name = segments.get(2);
    return Optional.of(new HttpRoute(TEMPLATE, true, (req, body) -> invoke(name, body)));
  }

  private CompletionStage<HttpResponse> invoke(String name, byte[] body) {
    BindingRequest request = parse(name, body);
    return bindings.invoke(request).thenApply(BindingsHttp::reply);
  }

  static BindingRequest parse(String name, byte[] body) {
    JsonNode root;
    try {
      root = HttpReplies.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new CapaException(ErrorCode.MALFORMED_JSON,
          "the body of a binding call must be JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new CapaException(ErrorCode.MALFORMED_JSON, "the body of a binding call could not be read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new CapaException(ErrorCode.INVALID_REQUEST,
          "the body of a binding call must be an object with operation, data and metadata");
    }
    JsonNode operation = root.get("operation");
    if (operation == null || !operation.isTextual() || operation.asText().isBlank()) {
      throw new CapaException(ErrorCode.INVALID_REQUEST, "operation: missing or not a string (for instance \"create\")");
    }
    return new BindingRequest(name, operation.asText(), data(root.get("data")), metadata(root.get("metadata")));
  }

  private static byte[] data(JsonNode data) {
    if (data == null || data.isNull()) {
      return new byte[0];
    }
    if (data.isTextual()) {
      return data.asText().getBytes(StandardCharsets.UTF_8);
    }
    return data.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> metadata(JsonNode node) {
    Map<String, String> metadata = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return metadata;
    }
    if (!node.isObject()) {
      throw new CapaException(ErrorCode.INVALID_REQUEST, "metadata: must be an object of strings");
    }
    for (var field : node.properties()) {
      if (!field.getValue().isValueNode() || field.getValue().isNull()) {
        throw new CapaException(ErrorCode.INVALID_REQUEST, "metadata." + field.getKey() + ": must be a string");
      }
      metadata.put(field.getKey(), field.getValue().asText());
    }
    return metadata;
  }

  private static HttpResponse reply(BindingResponse response) {
    List<HttpHeader> headers = new ArrayList<>();
    response.metadata().forEach((k, v) -> {
      if (k.matches("[A-Za-z0-9._-]+") && v.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
        headers.add(RawHeader.create("metadata." + k, v));
      }
    });
    HttpResponse reply = response.data().length == 0
        ? HttpReplies.noContent()
        : HttpResponse.create().withStatus(200).withEntity(ContentTypes.APPLICATION_OCTET_STREAM, response.data());
    return reply.addHeaders(headers);
  }
}
