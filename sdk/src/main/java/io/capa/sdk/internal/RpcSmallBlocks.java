package io.capa.sdk.internal;

import io.capa.api.bindings.BindingRequest;
import io.capa.api.bindings.BindingResponse;
import io.capa.api.bindings.BindingService;
import io.capa.api.lock.LockRequest;
import io.capa.api.lock.LockService;
import io.capa.api.lock.UnlockRequest;
import io.capa.api.lock.UnlockStatus;
import io.capa.api.secrets.SecretService;
import io.capa.api.sequencer.NextIdRequest;
import io.capa.api.sequencer.SequencerService;
import io.capa.sidecar.protocol.internal.BlockConvert;
import io.capa.sidecar.protocol.internal.Convert;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/** INTERNAL API: secrets, locks, the sequencer and output bindings over their {@code Runtime} methods. */
final class RpcSmallBlocks {
  private RpcSmallBlocks() {}

  static SecretService secrets(RuntimeLink link, TraceInjection trace) {
    return new SecretService() {
      @Override
      public CompletionStage<Map<String, String>> get(String store, String key, Map<String, String> metadata) {
        Map<String, String> meta = Map.copyOf(trace.apply(Objects.requireNonNullElse(metadata, Map.of())));
        return link.call("get secret " + store + "/" + key, link.settings().callTimeout(),
            rt -> {
              var p = rt.getSecret(b -> {
                b.setStore(store);
                b.setKey(key);
                Convert.entries(meta, b.initMetadata(meta.size()));
              });
              return new RuntimeLink.Pending<>(p.result(), p::cancel);
            },
            r -> Convert.entries(r.getValues()));
      }

      @Override
      public CompletionStage<Map<String, Map<String, String>>> bulkGet(String store, Map<String, String> metadata) {
        Map<String, String> meta = Map.copyOf(trace.apply(Objects.requireNonNullElse(metadata, Map.of())));
        return link.call("get every secret of " + store, link.settings().callTimeout(),
            rt -> {
              var p = rt.bulkGetSecrets(b -> {
                b.setStore(store);
                Convert.entries(meta, b.initMetadata(meta.size()));
              });
              return new RuntimeLink.Pending<>(p.result(), p::cancel);
            },
            r -> {
              Map<String, Map<String, String>> out = new LinkedHashMap<>();
              r.getSecrets().forEach(s -> out.put(s.getName(), Convert.entries(s.getValues())));
              return out;
            });
      }
    };
  }

  static LockService locks(RuntimeLink link) {
    return new LockService() {
      @Override
      public CompletionStage<Boolean> tryLock(LockRequest r) {
        Objects.requireNonNull(r, "request");
        return link.call("tryLock " + r.store() + "/" + r.resourceId(), link.settings().callTimeout(),
            rt -> {
              var p = rt.tryLock(b -> BlockConvert.lock(r.store(), r.resourceId(), r.lockOwner(), r.expiry(), b.initRequest()));
              return new RuntimeLink.Pending<>(p.result(), p::cancel);
            },
            x -> x.getAcquired());
      }

      @Override
      public CompletionStage<UnlockStatus> unlock(UnlockRequest r) {
        Objects.requireNonNull(r, "request");
        return link.call("unlock " + r.store() + "/" + r.resourceId(), link.settings().callTimeout(),
            rt -> {
              var p = rt.unlock(b -> BlockConvert.lock(r.store(), r.resourceId(), r.lockOwner(), null, b.initRequest()));
              return new RuntimeLink.Pending<>(p.result(), p::cancel);
            },
            x -> BlockConvert.status(x.getStatus()));
      }

      @Override
      public CompletionStage<Boolean> extend(LockRequest r) {
        Objects.requireNonNull(r, "request");
        return link.call("extend lock " + r.store() + "/" + r.resourceId(), link.settings().callTimeout(),
            rt -> {
              var p = rt.extendLock(b -> BlockConvert.lock(r.store(), r.resourceId(), r.lockOwner(), r.expiry(), b.initRequest()));
              return new RuntimeLink.Pending<>(p.result(), p::cancel);
            },
            x -> x.getExtended());
      }
    };
  }

  static SequencerService sequencer(RuntimeLink link, TraceInjection trace) {
    return (NextIdRequest r) -> {
      Objects.requireNonNull(r, "request");
      Map<String, String> meta = trace.apply(r.metadata());
      return link.call("nextId " + r.store() + "/" + r.key(), link.settings().callTimeout(),
          rt -> {
            var p = rt.nextId(b -> {
              b.setStore(r.store());
              b.setKey(r.key());
              b.setIncrement(BlockConvert.increment(r.increment()));
              Convert.entries(meta, b.initMetadata(meta.size()));
            });
            return new RuntimeLink.Pending<>(p.result(), p::cancel);
          },
          x -> x.getId());
    };
  }

  static BindingService bindings(RuntimeLink link, TraceInjection trace) {
    return (BindingRequest r) -> {
      Objects.requireNonNull(r, "request");
      Map<String, String> meta = trace.apply(r.metadata());
      return link.call("invoke binding " + r.name() + " " + r.operation(), link.settings().callTimeout(),
          rt -> {
            var p = rt.invokeBinding(b -> {
              b.setName(r.name());
              b.setOperation(r.operation());
              b.setData(r.data());
              Convert.entries(meta, b.initMetadata(meta.size()));
            });
            return new RuntimeLink.Pending<>(p.result(), p::cancel);
          },
          x -> new BindingResponse(Convert.bytes(x.getData()), Convert.entries(x.getMetadata())));
    };
  }
}
