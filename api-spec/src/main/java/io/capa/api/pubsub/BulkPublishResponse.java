package io.capa.api.pubsub;

import io.capa.api.internal.Checks;
import java.util.List;

/** One outcome per entry of the request, in the request's order. */
public record BulkPublishResponse(List<PublishOutcome> outcomes) {
  public BulkPublishResponse {
    outcomes = Checks.list(outcomes, "publish outcomes");
  }

  public List<PublishOutcome.Failed> failed() {
    return outcomes.stream()
        .filter(PublishOutcome.Failed.class::isInstance)
        .map(PublishOutcome.Failed.class::cast)
        .toList();
  }

  public boolean allPublished() {
    return failed().isEmpty();
  }
}
