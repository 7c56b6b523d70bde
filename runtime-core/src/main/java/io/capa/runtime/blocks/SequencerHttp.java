package io.capa.runtime.blocks;

import com.fasterxml.jackson.databind.JsonNode;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.sequencer.Increment;
import io.capa.api.sequencer.NextIdRequest;
import io.capa.api.sequencer.SequencerService;
import io.capa.runtime.spi.HttpReplies;
import io.capa.runtime.spi.HttpRoute;
import io.capa.runtime.spi.HttpRoutes;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * The sequencer building block (Dapr has no HTTP API for it; this path is the runtime's own):
 *
 * <pre>
 * POST /v1.0-alpha1/sequencer/{store}  {"key":"orders","increment":"weak"|"strong","metadata":{}}  → {"id":n}
 * </pre>
 *
 * {@code increment} defaults to {@code weak}; {@code metadata} is optional.
 */
public final class SequencerHttp implements HttpRoutes {
  private final SequencerService sequencer;

  public SequencerHttp(SequencerService sequencer) {
    this.sequencer = Objects.requireNonNull(sequencer, "sequencer");
  }

  @Override
  public Optional<HttpRoute> match(HttpRequest request, List<String> s) {
    if (s.size() == 3 && s.get(0).equals("v1.0-alpha1") && s.get(1).equals("sequencer")) {
      String store = s.get(2);
      return Optional.of(new HttpRoute("/v1.0-alpha1/sequencer/{store}", true, (r, body) -> next(r, store, body)));
    }
    return Optional.empty();
  }

  private CompletionStage<HttpResponse> next(HttpRequest r, String store, byte[] body) {
    BlockJson.requirePost(r);
    JsonNode json = BlockJson.object(body, "{\"key\"}");
    String key = BlockJson.text(json, "key");
    Increment increment = increment(json.get("increment"));
    Map<String, String> metadata = BlockJson.stringMap(json, "metadata");
    NextIdRequest request = BlockJson.valid(() -> new NextIdRequest(store, key, increment, metadata));
    return sequencer.nextId(request).thenApply(id -> HttpReplies.json(200, Map.of("id", id)));
  }

  private static Increment increment(JsonNode v) {
    if (v == null || v.isNull()) {
      return Increment.WEAK;
    }
    if (v.isTextual()) {
      switch (v.asText().toLowerCase(Locale.ROOT)) {
        case "weak":
          return Increment.WEAK;
        case "strong":
          return Increment.STRONG;
        default:
          break;
      }
    }
    throw new CapaException(ErrorCode.INVALID_REQUEST, "increment must be \"weak\" or \"strong\", got " + v);
  }
}
