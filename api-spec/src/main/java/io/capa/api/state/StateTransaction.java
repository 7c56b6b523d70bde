package io.capa.api.state;

import io.capa.api.internal.Checks;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Operations applied all or nothing: if one ETag check fails, none of them takes effect. A key appears
 * at most once, because the order in which a store applies operations on the same key is not portable.
 */
public record StateTransaction(List<TransactionOperation> operations, Map<String, String> metadata) {
  public StateTransaction {
    operations = Checks.nonEmptyList(operations, "transaction operations");
    Set<String> seen = new HashSet<>();
    for (TransactionOperation op : operations) {
      if (!seen.add(op.key())) {
        throw new IllegalArgumentException("transaction names state key '" + op.key() + "' more than once");
      }
    }
    metadata = Checks.metadata(metadata, "transaction metadata");
  }

  public static StateTransaction of(TransactionOperation... operations) {
    return new StateTransaction(List.of(operations), Map.of());
  }
}
