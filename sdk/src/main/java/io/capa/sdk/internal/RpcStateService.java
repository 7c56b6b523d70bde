package io.capa.sdk.internal;

import io.capa.api.state.BulkGetResult;
import io.capa.api.state.Consistency;
import io.capa.api.state.DeleteRequest;
import io.capa.api.state.SaveRequest;
import io.capa.api.state.StateItem;
import io.capa.api.state.StateService;
import io.capa.api.state.StateTransaction;
import io.capa.sidecar.protocol.internal.Convert;
import io.capa.sidecar.protocol.internal.StateConvert;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** INTERNAL API: the state building block over {@code Runtime.getState} and friends, one round trip each. */
final class RpcStateService implements StateService {
  private final RuntimeLink link;
  private final TraceInjection trace;

  RpcStateService(RuntimeLink link, TraceInjection trace) {
    this.link = link;
    this.trace = trace;
  }

  @Override
  public CompletionStage<Optional<StateItem>> get(String store, String key, Consistency consistency, Map<String, String> metadata) {
    Map<String, String> meta = Map.copyOf(trace.apply(Objects.requireNonNullElse(metadata, Map.of())));
    return link.call("get state " + store + "/" + key, link.settings().callTimeout(),
        rt -> {
          var p = rt.getState(b -> {
            b.setStore(store);
            b.setKey(key);
            b.setConsistency(StateConvert.consistency(Objects.requireNonNullElse(consistency, Consistency.EVENTUAL)));
            Convert.entries(meta, b.initMetadata(meta.size()));
          });
          return new RuntimeLink.Pending<>(p.result(), p::cancel);
        },
        r -> r.getFound() ? Optional.of(StateConvert.item(r.getItem())) : Optional.<StateItem>empty());
  }

  @Override
  public CompletionStage<List<BulkGetResult>> getBulk(String store, List<String> keys, Map<String, String> metadata) {
    List<String> ks = List.copyOf(keys);
    Map<String, String> meta = Map.copyOf(trace.apply(Objects.requireNonNullElse(metadata, Map.of())));
    return link.call("get state in bulk from " + store, link.settings().callTimeout(),
        rt -> {
          var p = rt.getBulkState(b -> {
            b.setStore(store);
            b.setKeys(ks);
            Convert.entries(meta, b.initMetadata(meta.size()));
          });
          return new RuntimeLink.Pending<>(p.result(), p::cancel);
        },
        r -> r.getResults().stream().map(StateConvert::bulkResult).toList());
  }

  @Override
  public CompletionStage<Void> save(String store, List<SaveRequest> requests) {
    List<SaveRequest> items = List.copyOf(requests);
    return link.call("save state in " + store, link.settings().callTimeout(),
        rt -> {
          var p = rt.saveState(b -> {
            b.setStore(store);
            var out = b.initItems(items.size());
            for (int i = 0; i < items.size(); i++) {
              StateConvert.save(items.get(i), out.get(i));
            }
          });
          return new RuntimeLink.Pending<>(p.result(), p::cancel);
        },
        r -> (Void) null);
  }

  @Override
  public CompletionStage<Void> delete(String store, DeleteRequest request) {
    Objects.requireNonNull(request, "request");
    return link.call("delete state " + store + "/" + request.key(), link.settings().callTimeout(),
        rt -> {
          var p = rt.deleteState(b -> {
            b.setStore(store);
            StateConvert.delete(request, b.initItem());
          });
          return new RuntimeLink.Pending<>(p.result(), p::cancel);
        },
        r -> (Void) null);
  }

  @Override
  public CompletionStage<Void> transact(String store, StateTransaction transaction) {
    Objects.requireNonNull(transaction, "transaction");
    var ops = transaction.operations();
    Map<String, String> meta = trace.apply(transaction.metadata());
    return link.call("state transaction in " + store, link.settings().callTimeout(),
        rt -> {
          var p = rt.transactState(b -> {
            b.setStore(store);
            StateConvert.operations(ops, b.initOperations(ops.size()));
            Convert.entries(meta, b.initMetadata(meta.size()));
          });
          return new RuntimeLink.Pending<>(p.result(), p::cancel);
        },
        r -> (Void) null);
  }
}
