package io.capa.runtime.blocks;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.secrets.SecretService;
import io.capa.runtime.spi.HttpReplies;
import io.capa.runtime.spi.HttpRoute;
import io.capa.runtime.spi.HttpRoutes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * The secrets building block on Dapr's paths:
 *
 * <ul>
 *   <li>{@code GET /v1.0/secrets/{store}/{key}} answers the secret, {@code {"name":"value",...}};
 *   <li>{@code GET /v1.0/secrets/{store}/bulk} answers every secret, {@code
 *       {"key":{"name":"value"}}}.
 * </ul>
 *
 * Query parameters {@code metadata.<name>=<value>} are handed to the store as its metadata. As in
 * Dapr, a secret named {@code bulk} cannot be read one at a time.
 */
public final class SecretsHttp implements HttpRoutes {
  private static final String METADATA_PREFIX = "metadata.";

  private final SecretService secrets;

  public SecretsHttp(SecretService secrets) {
    this.secrets = Objects.requireNonNull(secrets, "secrets");
  }

  @Override
  public Optional<HttpRoute> match(HttpRequest request, List<String> segments) {
    if (segments.size() != 4
        || !segments.get(0).equals("v1.0")
        || !segments.get(1).equals("secrets")
        || !request.method().equals(HttpMethods.GET)) {
      return Optional.empty();
    }
    String store = segments.get(2);
    String key = segments.get(3);
    if (key.equals("bulk")) {
      return Optional.of(new HttpRoute("/v1.0/secrets/{store}/bulk", false, (r, body) -> {
        requireNamed(store, "store");
        return secrets.bulkGet(store, metadata(r)).thenApply(all -> HttpReplies.json(200, all));
      }));
    }
    return Optional.of(new HttpRoute("/v1.0/secrets/{store}/{key}", false, (r, body) -> {
      requireNamed(store, "store");
      requireNamed(key, "secret key");
      return secrets.get(store, key, metadata(r)).thenApply(secret -> HttpReplies.json(200, secret));
    }));
  }

  private static void requireNamed(String value, String what) {
    if (value.isBlank()) {
      throw new CapaException(ErrorCode.INVALID_REQUEST, "the " + what + " in the path must not be empty");
    }
  }

  private static Map<String, String> metadata(HttpRequest request) {
    Map<String, String> out = new LinkedHashMap<>();
    request.getUri().query().toMap().forEach((k, v) -> {
      if (k.startsWith(METADATA_PREFIX) && k.length() > METADATA_PREFIX.length()) {
        out.put(k.substring(METADATA_PREFIX.length()), v);
      }
    });
    return out;
  }
}
