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
import io.capa.sidecar.protocol.internal.TelemetryConvert;
import io.capa.sidecar.protocol.internal.ScheduleConvert;
import io.capa.api.schedules.ScheduleInfo;
import io.capa.api.schedules.ScheduleService;
import io.capa.api.schedules.ScheduleSpec;
import java.util.Optional;
import io.capa.api.telemetry.LogRecord;
import io.capa.api.telemetry.MetricPoint;
import io.capa.api.telemetry.TelemetryService;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/** INTERNAL API: secrets, locks, the sequencer, telemetry, schedules and output bindings over their {@code Runtime} methods. */
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

  /** Logs and metrics; the trace context of each record travels in the record itself. */
  static TelemetryService telemetry(RuntimeLink link) {
    return new TelemetryService() {
      @Override
      public CompletionStage<Void> emitLogs(List<LogRecord> records) {
        List<LogRecord> all = List.copyOf(records);
        return link.call("emit " + all.size() + " log records", link.settings().callTimeout(),
            rt -> {
              var p = rt.emitLogs(b -> TelemetryConvert.logs(all, b.initRecords(all.size())));
              return new RuntimeLink.Pending<>(p.result(), p::cancel);
            },
            x -> (Void) null);
      }

      @Override
      public CompletionStage<Void> recordMetrics(List<MetricPoint> points) {
        List<MetricPoint> all = List.copyOf(points);
        return link.call("record " + all.size() + " metric points", link.settings().callTimeout(),
            rt -> {
              var p = rt.recordMetrics(b -> TelemetryConvert.metrics(all, b.initPoints(all.size())));
              return new RuntimeLink.Pending<>(p.result(), p::cancel);
            },
            x -> (Void) null);
      }
    };
  }

  /** The application's scheduled jobs; the runtime scopes them to its app id. */
  static ScheduleService schedules(RuntimeLink link) {
    return new ScheduleService() {
      @Override
      public CompletionStage<Void> create(ScheduleSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return link.call("create schedule " + spec.name(), link.settings().callTimeout(),
            rt -> {
              var p = rt.createSchedule(b -> ScheduleConvert.spec(spec, b.initSpec()));
              return new RuntimeLink.Pending<>(p.result(), p::cancel);
            },
            x -> (Void) null);
      }

      @Override
      public CompletionStage<Optional<ScheduleInfo>> get(String name) {
        return link.call("get schedule " + name, link.settings().callTimeout(),
            rt -> {
              var p = rt.getSchedule(b -> b.setName(name));
              return new RuntimeLink.Pending<>(p.result(), p::cancel);
            },
            x -> x.getFound() ? Optional.of(ScheduleConvert.info(x.getInfo())) : Optional.<ScheduleInfo>empty());
      }

      @Override
      public CompletionStage<Boolean> delete(String name) {
        return link.call("delete schedule " + name, link.settings().callTimeout(),
            rt -> {
              var p = rt.deleteSchedule(b -> b.setName(name));
              return new RuntimeLink.Pending<>(p.result(), p::cancel);
            },
            x -> x.getExisted());
      }

      @Override
      public CompletionStage<List<ScheduleInfo>> list() {
        return link.call("list schedules", link.settings().callTimeout(),
            rt -> {
              var p = rt.listSchedules(b -> b.initMetadata(0));
              return new RuntimeLink.Pending<>(p.result(), p::cancel);
            },
            x -> x.getSchedules().stream().map(ScheduleConvert::info).toList());
      }
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
