package io.capa.runtime.blocks;

import com.fasterxml.jackson.databind.JsonNode;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.lock.LockRequest;
import io.capa.api.lock.LockService;
import io.capa.api.lock.UnlockRequest;
import io.capa.runtime.spi.HttpReplies;
import io.capa.runtime.spi.HttpRoute;
import io.capa.runtime.spi.HttpRoutes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * The lock building block on Dapr's paths:
 *
 * <pre>
 * POST /v1.0-alpha1/lock/{store}         {"resourceId","lockOwner","expiryInSeconds"} → {"success":bool}
 * POST /v1.0-alpha1/unlock/{store}       {"resourceId","lockOwner"}                   → {"status":0|1|2|3}
 * POST /v1.0-alpha1/lock/{store}/extend  as lock; resets the expiry of a held lock     → {"success":bool}
 * </pre>
 *
 * Unlock statuses are numbered as Dapr numbers them: 0 success, 1 lock does not exist, 2 lock
 * belongs to others, 3 internal error. {@code extend} is this runtime's own addition.
 */
public final class LockHttp implements HttpRoutes {
  private static final String VERSION = "v1.0-alpha1";

  private final LockService locks;

  public LockHttp(LockService locks) {
    this.locks = Objects.requireNonNull(locks, "locks");
  }

  @Override
  public Optional<HttpRoute> match(HttpRequest request, List<String> s) {
    if (s.size() < 3 || !s.get(0).equals(VERSION)) {
      return Optional.empty();
    }
    String store = s.get(2);
    if (s.size() == 3 && s.get(1).equals("lock")) {
      return Optional.of(new HttpRoute("/v1.0-alpha1/lock/{store}", true, (r, body) -> lock(r, store, body, false)));
    }
    if (s.size() == 4 && s.get(1).equals("lock") && s.get(3).equals("extend")) {
      return Optional.of(new HttpRoute("/v1.0-alpha1/lock/{store}/extend", true, (r, body) -> lock(r, store, body, true)));
    }
    if (s.size() == 3 && s.get(1).equals("unlock")) {
      return Optional.of(new HttpRoute("/v1.0-alpha1/unlock/{store}", true, (r, body) -> unlock(r, store, body)));
    }
    return Optional.empty();
  }

  private CompletionStage<HttpResponse> lock(HttpRequest r, String store, byte[] body, boolean extend) {
    BlockJson.requirePost(r);
    JsonNode json = BlockJson.object(body, "{\"resourceId\",\"lockOwner\",\"expiryInSeconds\"}");
    String resource = BlockJson.text(json, "resourceId");
    String owner = BlockJson.text(json, "lockOwner");
    JsonNode expiry = json.get("expiryInSeconds");
    if (expiry == null || !expiry.canConvertToLong() || !expiry.isIntegralNumber() || expiry.asLong() <= 0) {
      throw new CapaException(ErrorCode.INVALID_REQUEST,
          "expiryInSeconds must be a whole number of seconds greater than 0, got " + expiry);
    }
    LockRequest request = BlockJson.valid(() -> new LockRequest(store, resource, owner, Duration.ofSeconds(expiry.asLong())));
    CompletionStage<Boolean> result = extend ? locks.extend(request) : locks.tryLock(request);
    return result.thenApply(ok -> HttpReplies.json(200, Map.of("success", ok)));
  }

  private CompletionStage<HttpResponse> unlock(HttpRequest r, String store, byte[] body) {
    BlockJson.requirePost(r);
    JsonNode json = BlockJson.object(body, "{\"resourceId\",\"lockOwner\"}");
    UnlockRequest request = BlockJson.valid(
        () -> new UnlockRequest(store, BlockJson.text(json, "resourceId"), BlockJson.text(json, "lockOwner")));
    return locks.unlock(request).thenApply(status -> HttpReplies.json(200, Map.of("status", switch (status) {
      case SUCCESS -> 0;
      case LOCK_DOES_NOT_EXIST -> 1;
      case LOCK_BELONGS_TO_OTHERS -> 2;
      case INTERNAL_ERROR -> 3;
    })));
  }
}
