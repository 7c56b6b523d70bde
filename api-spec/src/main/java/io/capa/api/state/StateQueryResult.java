package io.capa.api.state;

import io.capa.api.internal.Checks;
import java.util.List;
import java.util.Optional;

/**
 * One page of a state query.
 *
 * @param token pass it in the next query's {@code page.token} to read the following page; empty on
 *     the last page
 */
public record StateQueryResult(List<StateItem> items, Optional<String> token) {
  public StateQueryResult {
    items = Checks.list(items, "query items");
    token = Checks.optionalText(token, "page token");
  }
}
