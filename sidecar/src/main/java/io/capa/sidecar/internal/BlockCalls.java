package io.capa.sidecar.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.bindings.BindingRequest;
import io.capa.api.bindings.BindingResponse;
import io.capa.api.lock.LockRequest;
import io.capa.api.pubsub.PublishOutcome;
import io.capa.api.sequencer.NextIdRequest;
import io.capa.api.state.BulkGetResult;
import io.capa.api.state.SaveRequest;
import io.capa.api.state.StateTransaction;
import io.capa.api.telemetry.LogRecord;
import io.capa.api.telemetry.TraceContext;
import io.capa.sidecar.api.BlockServices;
import io.capa.sidecar.protocol.RuntimeProtocol.Runtime;
import io.capa.sidecar.protocol.RuntimeProtocol.Secret;
import io.capa.sidecar.protocol.internal.BlockConvert;
import io.capa.sidecar.protocol.internal.ConfigurationConvert;
import io.capa.sidecar.protocol.internal.Convert;
import io.capa.sidecar.protocol.internal.DatabaseConvert;
import io.capa.sidecar.protocol.internal.PubSubConvert;
import io.capa.sidecar.protocol.internal.ScheduleConvert;
import io.capa.sidecar.protocol.internal.StateConvert;
import io.capa.sidecar.protocol.internal.TelemetryConvert;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * INTERNAL API: the building blocks' request/answer calls of {@code Runtime}. Arguments are read
 * from the message before the call is admitted (the message is only valid during dispatch); each
 * call then enters the node's admission like the actor and invocation calls, under the target
 * {@code <block>/<component>}, so a flood waits or is refused there instead of piling up.
 */
final class BlockCalls {
  private final BlockServices blocks;
  private final Admission admission;
  private final java.time.Duration budget;

  BlockCalls(BlockServices blocks, Admission admission, java.time.Duration budget) {
    this.blocks = blocks;
    this.admission = admission;
    this.budget = budget;
  }

  static <T> T require(Optional<T> service, String block) {
    return service.orElseThrow(() -> new CapaException(ErrorCode.NOT_SUPPORTED,
        "the " + block + " building block is not served by this runtime"));
  }

  /** Failures become RPC exceptions in {@code RuntimeServer.dispatch}. */
  private <T> CompletionStage<T> admit(String target, Supplier<CompletionStage<T>> call) {
    return admission.admit(target, budget, () -> {
      try {
        return call.get();
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    });
  }

  // ---- state

  CompletionStage<?> getState(Runtime.GetStateParams.Reader p, Supplier<Runtime.GetStateResults.Builder> results) {
    var state = require(blocks.state(), "state");
    String store = p.getStore();
    String key = p.getKey();
    var consistency = StateConvert.consistency(p.getConsistency());
    Map<String, String> metadata = Convert.entries(p.getMetadata());
    return admit("state/" + store, () -> state.get(store, key, consistency, metadata)).thenAccept(item -> {
      var r = results.get();
      r.setFound(item.isPresent());
      item.ifPresent(i -> StateConvert.item(i, r.initItem()));
    });
  }

  CompletionStage<?> getBulkState(Runtime.GetBulkStateParams.Reader p, Supplier<Runtime.GetBulkStateResults.Builder> results) {
    var state = require(blocks.state(), "state");
    String store = p.getStore();
    List<String> keys = List.copyOf(p.getKeys());
    Map<String, String> metadata = Convert.entries(p.getMetadata());
    return admit("state/" + store, () -> state.getBulk(store, keys, metadata)).thenAccept(found -> {
      var out = results.get().initResults(found.size());
      for (int i = 0; i < found.size(); i++) {
        BulkGetResult r = found.get(i);
        StateConvert.bulkResult(r, out.get(i));
      }
    });
  }

  CompletionStage<?> saveState(Runtime.SaveStateParams.Reader p) {
    var state = require(blocks.state(), "state");
    String store = p.getStore();
    List<SaveRequest> items = new ArrayList<>();
    for (var item : p.getItems()) {
      items.add(StateConvert.save(item));
    }
    return admit("state/" + store, () -> state.save(store, items));
  }

  CompletionStage<?> deleteState(Runtime.DeleteStateParams.Reader p) {
    var state = require(blocks.state(), "state");
    String store = p.getStore();
    var request = StateConvert.delete(p.getItem());
    return admit("state/" + store, () -> state.delete(store, request));
  }

  CompletionStage<?> transactState(Runtime.TransactStateParams.Reader p) {
    var state = require(blocks.state(), "state");
    String store = p.getStore();
    var tx = new StateTransaction(StateConvert.operations(p.getOperations()), Convert.entries(p.getMetadata()));
    return admit("state/" + store, () -> state.transact(store, tx));
  }

  // ---- pub/sub

  CompletionStage<?> publish(Runtime.PublishParams.Reader p, Supplier<Runtime.PublishResults.Builder> results) {
    var pubSub = require(blocks.pubSub(), "pub/sub");
    var request = PubSubConvert.publish(p.getRequest());
    return admit("pubsub/" + request.pubsubName(), () -> pubSub.publish(request))
        .thenAccept(id -> results.get().setEventId(id));
  }

  CompletionStage<?> bulkPublish(Runtime.BulkPublishParams.Reader p, Supplier<Runtime.BulkPublishResults.Builder> results) {
    var pubSub = require(blocks.pubSub(), "pub/sub");
    var request = PubSubConvert.bulk(p);
    return admit("pubsub/" + request.pubsubName(), () -> pubSub.bulkPublish(request)).thenAccept(r -> {
      List<PublishOutcome> outcomes = r.outcomes();
      var out = results.get().initOutcomes(outcomes.size());
      for (int i = 0; i < outcomes.size(); i++) {
        PubSubConvert.outcome(outcomes.get(i), out.get(i));
      }
    });
  }

  // ---- secrets

  CompletionStage<?> getSecret(Runtime.GetSecretParams.Reader p, Supplier<Runtime.GetSecretResults.Builder> results) {
    var secrets = require(blocks.secrets(), "secrets");
    String store = p.getStore();
    String key = p.getKey();
    Map<String, String> metadata = Convert.entries(p.getMetadata());
    return admit("secrets/" + store, () -> secrets.get(store, key, metadata))
        .thenAccept(values -> Convert.entries(values, results.get().initValues(values.size())));
  }

  CompletionStage<?> bulkGetSecrets(Runtime.BulkGetSecretsParams.Reader p, Supplier<Runtime.BulkGetSecretsResults.Builder> results) {
    var secrets = require(blocks.secrets(), "secrets");
    String store = p.getStore();
    Map<String, String> metadata = Convert.entries(p.getMetadata());
    return admit("secrets/" + store, () -> secrets.bulkGet(store, metadata)).thenAccept(all -> {
      List<Secret.Builder> out = results.get().initSecrets(all.size());
      int i = 0;
      for (var e : all.entrySet()) {
        out.get(i).setName(e.getKey());
        Convert.entries(e.getValue(), out.get(i).initValues(e.getValue().size()));
        i++;
      }
    });
  }

  // ---- locks, sequencer, bindings

  CompletionStage<?> tryLock(Runtime.TryLockParams.Reader p, Supplier<Runtime.TryLockResults.Builder> results) {
    var locks = require(blocks.locks(), "distributed lock");
    LockRequest request = BlockConvert.lock(p.getRequest());
    return admit("lock/" + request.store(), () -> locks.tryLock(request))
        .thenAccept(ok -> results.get().setAcquired(ok));
  }

  CompletionStage<?> unlock(Runtime.UnlockParams.Reader p, Supplier<Runtime.UnlockResults.Builder> results) {
    var locks = require(blocks.locks(), "distributed lock");
    var request = BlockConvert.unlock(p.getRequest());
    return admit("lock/" + request.store(), () -> locks.unlock(request))
        .thenAccept(s -> results.get().setStatus(BlockConvert.status(s)));
  }

  CompletionStage<?> extendLock(Runtime.ExtendLockParams.Reader p, Supplier<Runtime.ExtendLockResults.Builder> results) {
    var locks = require(blocks.locks(), "distributed lock");
    LockRequest request = BlockConvert.lock(p.getRequest());
    return admit("lock/" + request.store(), () -> locks.extend(request))
        .thenAccept(ok -> results.get().setExtended(ok));
  }

  CompletionStage<?> nextId(Runtime.NextIdParams.Reader p, Supplier<Runtime.NextIdResults.Builder> results) {
    var sequencer = require(blocks.sequencer(), "sequencer");
    var request = new NextIdRequest(p.getStore(), p.getKey(), BlockConvert.increment(p.getIncrement()),
        Convert.entries(p.getMetadata()));
    return admit("sequencer/" + request.store(), () -> sequencer.nextId(request))
        .thenAccept(id -> results.get().setId(id));
  }

  // ---- configuration

  CompletionStage<?> getConfiguration(Runtime.GetConfigurationParams.Reader p, Supplier<Runtime.GetConfigurationResults.Builder> results) {
    var configuration = require(blocks.configuration(), "configuration");
    var request = ConfigurationConvert.request(p.getRequest());
    return admit("configuration/" + request.store(), () -> configuration.get(request)).thenAccept(items ->
        ConfigurationConvert.items(items.values(), results.get().initItems(items.size())));
  }

  CompletionStage<?> saveConfiguration(Runtime.SaveConfigurationParams.Reader p) {
    var configuration = require(blocks.configuration(), "configuration");
    String store = p.getStore();
    var items = ConfigurationConvert.items(p.getItems());
    Map<String, String> metadata = Convert.entries(p.getMetadata());
    return admit("configuration/" + store, () -> configuration.save(store, items, metadata));
  }

  CompletionStage<?> deleteConfiguration(Runtime.DeleteConfigurationParams.Reader p) {
    var configuration = require(blocks.configuration(), "configuration");
    String store = p.getStore();
    List<String> keys = List.copyOf(p.getKeys());
    Map<String, String> metadata = Convert.entries(p.getMetadata());
    return admit("configuration/" + store, () -> configuration.delete(store, keys, metadata));
  }

  // ---- telemetry: the metadata's trace context goes with records that name none of their own

  CompletionStage<?> emitLogs(Runtime.EmitLogsParams.Reader p) {
    var telemetry = require(blocks.telemetry(), "telemetry");
    var call = TraceContext.fromMetadata(Convert.entries(p.getMetadata()));
    var records = TelemetryConvert.logs(p.getRecords()).stream()
        .map(r -> r.trace().isPresent() || call.isEmpty() ? r
            : new LogRecord(r.timestamp(), r.severity(), r.body(), r.attributes(), call))
        .toList();
    return admit("telemetry/logs", () -> telemetry.emitLogs(records));
  }

  CompletionStage<?> recordMetrics(Runtime.RecordMetricsParams.Reader p) {
    var telemetry = require(blocks.telemetry(), "telemetry");
    var points = TelemetryConvert.metrics(p.getPoints());
    return admit("telemetry/metrics", () -> telemetry.recordMetrics(points));
  }

  // ---- schedules: the jobs of the runtime's application (the service scopes them)

  CompletionStage<?> createSchedule(Runtime.CreateScheduleParams.Reader p) {
    var schedules = require(blocks.schedules(), "schedules");
    var spec = ScheduleConvert.spec(p.getSpec());
    return admit("schedules/" + spec.name(), () -> schedules.create(spec));
  }

  CompletionStage<?> getSchedule(Runtime.GetScheduleParams.Reader p, Supplier<Runtime.GetScheduleResults.Builder> results) {
    var schedules = require(blocks.schedules(), "schedules");
    String name = p.getName();
    return admit("schedules/" + name, () -> schedules.get(name)).thenAccept(info -> {
      var r = results.get();
      r.setFound(info.isPresent());
      info.ifPresent(i -> ScheduleConvert.info(i, r.initInfo()));
    });
  }

  CompletionStage<?> deleteSchedule(Runtime.DeleteScheduleParams.Reader p, Supplier<Runtime.DeleteScheduleResults.Builder> results) {
    var schedules = require(blocks.schedules(), "schedules");
    String name = p.getName();
    return admit("schedules/" + name, () -> schedules.delete(name)).thenAccept(existed -> results.get().setExisted(existed));
  }

  CompletionStage<?> listSchedules(Runtime.ListSchedulesParams.Reader p, Supplier<Runtime.ListSchedulesResults.Builder> results) {
    var schedules = require(blocks.schedules(), "schedules");
    return admit("schedules", schedules::list).thenAccept(all -> {
      var out = results.get().initSchedules(all.size());
      for (int i = 0; i < all.size(); i++) {
        ScheduleConvert.info(all.get(i), out.get(i));
      }
    });
  }

  // ---- database

  CompletionStage<?> query(Runtime.QueryParams.Reader p, Supplier<Runtime.QueryResults.Builder> results) {
    var database = require(blocks.database(), "database");
    String name = p.getDatabase();
    var statement = DatabaseConvert.statement(p.getStatement());
    return admit("database/" + name, () -> database.query(name, statement))
        .thenAccept(r -> DatabaseConvert.result(r, results.get().initResult()));
  }

  CompletionStage<?> exec(Runtime.ExecParams.Reader p, Supplier<Runtime.ExecResults.Builder> results) {
    var database = require(blocks.database(), "database");
    String name = p.getDatabase();
    var statement = DatabaseConvert.statement(p.getStatement());
    return admit("database/" + name, () -> database.exec(name, statement))
        .thenAccept(r -> results.get().setRowsAffected(r.rowsAffected()));
  }

  CompletionStage<?> begin(Runtime.BeginParams.Reader p, Supplier<Runtime.BeginResults.Builder> results) {
    var database = require(blocks.database(), "database");
    String name = p.getDatabase();
    var options = DatabaseConvert.options(p.getOptions());
    String target = "database/" + name;
    return admit(target, () -> database.begin(name, options)).thenAccept(tx -> {
      var r = results.get();
      r.setTransaction(new TransactionServer(tx, target, admission, budget).toClient());
      r.setId(tx.id());
    });
  }

  CompletionStage<?> invokeBinding(Runtime.InvokeBindingParams.Reader p, Supplier<Runtime.InvokeBindingResults.Builder> results) {
    var bindings = require(blocks.bindings(), "bindings");
    var request = new BindingRequest(p.getName(), p.getOperation(), Convert.bytes(p.getData()),
        Convert.entries(p.getMetadata()));
    return admit("binding/" + request.name(), () -> bindings.invoke(request)).thenAccept(r -> {
      BindingResponse response = r;
      var out = results.get();
      out.setData(response.data());
      Convert.entries(response.metadata(), out.initMetadata(response.metadata().size()));
    });
  }
}
