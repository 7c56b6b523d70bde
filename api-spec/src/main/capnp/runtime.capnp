@0x8fd6cbcebb613cf8;
# The sidecar protocol: what an application reaches over Cap'n Proto RPC on the runtime's
# `sidecar.grpcPort` (50001 by default).
#
# The bootstrap capability is `Runtime`, or `Login` when the runtime has an API token configured.
# Methods hand out capabilities (an actor reference, a registration), so a chain such as
# `runtime.actor(type, id).invoke(...)` travels in one round trip through promise pipelining.
#
# Errors are RPC exceptions. Their reason starts with the portable API's stable error code and a
# colon, for instance "ERR_ACTOR_TYPE_NOT_FOUND: no actor type 'X' is registered"; an overloaded
# target answers with the `overloaded` exception type and "ERR_OVERLOADED: ...".
#
# Times are milliseconds since the Unix epoch (Int64, -1 for none); durations are milliseconds
# (UInt64, 0 for "the runtime's default"). Schedules (dueTime, period, ttl) are the strings of the
# HTTP API: "1s", "PT1M", "R3/PT1S", RFC 3339 times, cron expressions.

interface Login {
  # The bootstrap of a runtime that has an API token: nothing else is reachable before this call.
  authenticate @0 (token :Text) -> (runtime :Runtime);
  # A wrong token fails with "ERR_UNAUTHORIZED: ..." and leaves the connection open for a retry.
}

interface Runtime {
  negotiate @0 (preferred :Mode, fallback :Mode, hasFallback :Bool, appId :Text, sdkVersion :Text)
      -> (offer :Offer);
  # Which mode the application should use for the building blocks, and why. The runtime answers
  # from its configuration (`mode`, `proxyless.*`); actors are always reached through the runtime.

  metadata @1 () -> (metadata :Metadata);

  actor @2 (type :Text, id :Text) -> (actor :ActorRef);
  # A reference to one virtual actor. It does not activate the actor; its first call does.

  hostActors @3 (type :Text, host :ActorHost, options :HostOptions) -> (registration :Registration);
  # Serves actor type `type` from the application: every turn of every actor of that type is a
  # call on `host`, one at a time per actor, with the guarantees of in-process actors. While no
  # host is registered (the application disconnected), calls fail with ERR_ACTOR_HOST_UNAVAILABLE;
  # the type's state and reminders stay and are served again when a host registers. One host per
  # type and runtime: a second registration fails unless the first one has gone away.

  invoke @4 (request :InvokeRequest) -> (response :InvokeResponse);
  # Service invocation: calls method `request.method` of the application `request.appId`,
  # wherever in the cluster it is connected.

  registerApp @5 (appId :Text, handler :AppHandler) -> (registration :Registration);
  # Makes this connection the application `appId` for service invocation. Several connections
  # may serve one app id; calls go to any of them.

  shutdown @6 () -> ();
  # Asks the runtime to stop gracefully, like POST /v1.0/shutdown.

  ping @7 () -> (version :Text);

  invokeActor @8 (type :Text, id :Text, method :Text, payload :Data, timeoutMillis :UInt64,
                  metadata :List(Entry))
      -> (result :Data);
  # One actor call without a reference: the same turn as `actor(type, id).invoke(...)` in half the
  # messages (no capability to export, resolve and release), for callers that make many single
  # calls. Calls on one ActorRef keep their order; separate invokeActor calls to one actor are
  # ordered as they reach the runtime. `metadata` is about the call, not passed to the method: the
  # caller's trace context (`traceparent`, `tracestate`), which the actor's turn continues.

  # ---- Building blocks. Each call names its component (store, pub/sub, binding) and carries the
  # request's metadata, where the trace context travels as `traceparent`/`tracestate`. A block the
  # runtime does not serve answers "ERR_NOT_SUPPORTED: ..." naming it.

  getState @9 (store :Text, key :Text, consistency :Consistency, metadata :List(Entry))
      -> (item :StateItem, found :Bool);
  getBulkState @10 (store :Text, keys :List(Text), metadata :List(Entry))
      -> (results :List(BulkStateResult));
  # One result per requested key, in the requested order; each key succeeds or fails on its own.
  saveState @11 (store :Text, items :List(SaveState)) -> ();
  # Not atomic: the first failure fails the call; use transactState for all or nothing.
  deleteState @12 (store :Text, item :DeleteState) -> ();
  transactState @13 (store :Text, operations :List(StateTransactionOp), metadata :List(Entry)) -> ();
  # ETag checks fail with ERR_ETAG_MISMATCH / ERR_ETAG_INVALID; nothing is applied then.

  publish @14 (request :PublishRequest) -> (eventId :Text);
  bulkPublish @15 (pubsubName :Text, topic :Text, entries :List(BulkPublishEntry), metadata :List(Entry))
      -> (outcomes :List(PublishOutcome));
  subscribe @16 (subscription :SubscriptionSpec, subscriber :Subscriber, maxUnanswered :UInt32)
      -> (registration :Registration);
  # Delivers the topic's messages to `subscriber`, never more than `maxUnanswered` (0: the runtime's
  # default, and the runtime's maximum caps it) without an answer: a slow subscriber slows its
  # subscription down instead of making the runtime buffer. Closing the registration, dropping
  # it or the connection ends the subscription; unsettled messages are delivered again later.

  getSecret @17 (store :Text, key :Text, metadata :List(Entry)) -> (values :List(Entry));
  bulkGetSecrets @18 (store :Text, metadata :List(Entry)) -> (secrets :List(Secret));

  tryLock @19 (request :LockRequest) -> (acquired :Bool);
  unlock @20 (request :LockRequest) -> (status :UnlockStatus);
  # `expiryMillis` of the request is ignored.
  extendLock @21 (request :LockRequest) -> (extended :Bool);

  nextId @22 (store :Text, key :Text, increment :Increment, metadata :List(Entry)) -> (id :Int64);

  invokeBinding @23 (name :Text, operation :Text, data :Data, metadata :List(Entry))
      -> (data :Data, metadata :List(Entry));

  query @24 (database :Text, statement :SqlStatement, metadata :List(Entry)) -> (result :QueryResult);
  exec @25 (database :Text, statement :SqlStatement, metadata :List(Entry)) -> (rowsAffected :UInt64);
  # Outside a transaction each statement commits on its own.
  begin @26 (database :Text, options :TransactionOptions, metadata :List(Entry))
      -> (transaction :Transaction, id :Text);
  # Opens a transaction on one connection of the database. Dropping the capability, or the
  # connection, before commit rolls it back.

  getConfiguration @27 (request :ConfigurationRequest) -> (items :List(ConfigurationItem));
  # The current items; requested keys without a value are left out. No keys: every key.
  saveConfiguration @28 (store :Text, items :List(ConfigurationItem), metadata :List(Entry)) -> ();
  deleteConfiguration @29 (store :Text, keys :List(Text), metadata :List(Entry)) -> ();
  watchConfiguration @30 (request :ConfigurationRequest, watcher :ConfigurationWatcher, maxUnanswered :UInt32)
      -> (registration :Registration);
  # Pushes each change of the requested keys to `watcher`, never more than `maxUnanswered` (0: the
  # runtime's default, which also caps it) without an answer. Ends with the registration.

  emitLogs @31 (records :List(LogRecord), metadata :List(Entry)) -> ();
  recordMetrics @32 (points :List(MetricPoint), metadata :List(Entry)) -> ();
  # Accepted, not exported: the runtime exports with its own exporter and drops (and counts) what
  # does not fit its backlog rather than holding the caller.

  createSchedule @33 (spec :ScheduleSpec, metadata :List(Entry)) -> ();
  # Creates the job, or replaces the application's job of the same name.
  getSchedule @34 (name :Text, metadata :List(Entry)) -> (info :ScheduleInfo, found :Bool);
  deleteSchedule @35 (name :Text, metadata :List(Entry)) -> (existed :Bool);
  listSchedules @36 (metadata :List(Entry)) -> (schedules :List(ScheduleInfo));
}

enum Mode {
  sdk @0;      # building blocks in-process, against the same components
  sidecar @1;  # every call through the runtime
}

struct Offer {
  mode @0 :Mode;                  # what the application should use
  reason @1 :Text;                # why, in words, for logs and for `decision()` on the SDK
  offered @2 :List(Mode);         # every mode this runtime supports for this application
  runtimeMode @3 :Text;           # the runtime's `mode` setting: "sidecar" or "proxyless"
  directConnection @4 :Bool;      # proxyless.directConnection
  sdkEndpoints @5 :List(Text);    # proxyless.sdkEndpoints
  runtimeVersion @6 :Text;
}

struct Metadata {
  appId @0 :Text;
  runtimeVersion @1 :Text;
  mode @2 :Text;
  actorTypes @3 :List(ActorTypeInfo);
  hostedActorTypes @4 :List(Text);   # the types served by connected applications
  connectedApps @5 :List(Text);      # app ids registered on this runtime
}

struct ActorTypeInfo {
  type @0 :Text;
  activeCount @1 :UInt64;
}

struct HostOptions {
  turnTimeoutMillis @0 :UInt64;      # how long one turn may take; 0: the runtime's default
  idleTimeoutMillis @1 :UInt64;      # passivation after this long without a message; 0: default
  reentrant @2 :Bool;
  maxReentrancyDepth @3 :UInt32;     # 0: default
}

interface Registration {
  close @0 () -> ();
  # Ends the registration. Dropping the capability, or the connection, ends it too.
}

interface ActorRef {
  invoke @0 (method :Text, payload :Data, timeoutMillis :UInt64, metadata :List(Entry)) -> (result :Data);
  # `metadata` as in Runtime.invokeActor: the caller's trace context.
  getState @1 (key :Text) -> (value :Data, found :Bool);
  transactState @2 (operations :List(StateOperation)) -> ();
  registerReminder @3 (reminder :Reminder) -> ();
  getReminder @4 (name :Text) -> (reminder :ReminderInfo, found :Bool);
  unregisterReminder @5 (name :Text) -> (existed :Bool);
  listReminders @6 () -> (reminders :List(ReminderInfo));
  registerTimer @7 (timer :Timer) -> ();
  unregisterTimer @8 (name :Text) -> (existed :Bool);
}

interface ActorHost {
  # Implemented by an application that hosts an actor type. The runtime calls it one turn at a
  # time per actor. A turn ends when the call returns: the state changes made through `turn` are
  # then saved atomically; a turn that fails saves nothing and its caller gets the error. A turn
  # that does not answer within the turn timeout is abandoned, its call cancelled.

  invoke @0 (actorId :Text, method :Text, payload :Data, turn :Turn) -> (result :Data);
  # A method call, or a timer firing (method is then the timer's callback).

  reminder @1 (actorId :Text, name :Text, data :Data, turn :Turn) -> ();

  activated @2 (actorId :Text) -> ();
  deactivated @3 (actorId :Text) -> ();
  # Notifications; their answers are not awaited by the actor.
}

interface Turn {
  # The turn in progress, valid until the ActorHost call that received it returns. Reads see this
  # turn's own writes.
  getState @0 (key :Text) -> (value :Data, found :Bool);
  setState @1 (key :Text, value :Data) -> ();
  removeState @2 (key :Text) -> (existed :Bool);
  stateKeys @3 () -> (keys :List(Text));
  registerReminder @4 (reminder :Reminder) -> ();
  unregisterReminder @5 (name :Text) -> (existed :Bool);
  startTimer @6 (timer :Timer) -> ();
  cancelTimer @7 (name :Text) -> (existed :Bool);
  callActor @8 (type :Text, id :Text, method :Text, payload :Data) -> (result :Data);
  # A call that carries this turn's call chain, so a call back into this actor is reentrant.
}

interface AppHandler {
  # Implemented by an application that others call by app id.
  handle @0 (request :InvokeRequest) -> (response :InvokeResponse);
}

struct Entry {
  key @0 :Text;
  value @1 :Text;
}

struct InvokeRequest {
  appId @0 :Text;
  method @1 :Text;
  data @2 :Data;
  contentType @3 :Text;
  httpVerb @4 :Text;
  query @5 :Text;
  metadata @6 :List(Entry);
  timeoutMillis @7 :UInt64;
}

struct InvokeResponse {
  status @0 :UInt16;
  data @1 :Data;
  contentType @2 :Text;
  metadata @3 :List(Entry);
}

struct StateOperation {
  key @0 :Text;
  union {
    upsert @1 :Data;
    delete @2 :Void;
  }
}

struct Reminder {
  name @0 :Text;
  data @1 :Data;
  dueTime @2 :Text;
  period @3 :Text;
  ttl @4 :Text;
  failurePolicy :union {
    drop @5 :Void;
    retry :group {
      maxRetries @6 :UInt32;
      intervalMillis @7 :UInt64;
    }
  }
}

struct ReminderInfo {
  actorType @0 :Text;
  actorId @1 :Text;
  reminder @2 :Reminder;
  registeredAtMillis @3 :Int64;
  nextFireMillis @4 :Int64;
  fired @5 :UInt64;
}

struct Timer {
  name @0 :Text;
  callback @1 :Text;
  data @2 :Data;
  dueTime @3 :Text;
  period @4 :Text;
  ttl @5 :Text;
}


# ---- Building-block values

enum Consistency {
  eventual @0;
  strong @1;
}

enum Concurrency {
  lastWrite @0;
  firstWrite @1;
}

struct StateItem {
  key @0 :Text;
  value @1 :Data;
  etag @2 :Text;        # empty: the store keeps no versions
  metadata @3 :List(Entry);
}

struct BulkStateResult {
  key @0 :Text;
  union {
    found @1 :StateItem;
    absent @2 :Void;
    failed :group {
      code @3 :Text;    # the stable error code, "ERR_..."
      message @4 :Text;
    }
  }
}

struct SaveState {
  key @0 :Text;
  value @1 :Data;
  etag @2 :Text;        # empty: unconditional (see concurrency)
  consistency @3 :Consistency;
  concurrency @4 :Concurrency;
  ttlMillis @5 :UInt64; # 0: no expiry
  metadata @6 :List(Entry);
}

struct DeleteState {
  key @0 :Text;
  etag @1 :Text;
  consistency @2 :Consistency;
  concurrency @3 :Concurrency;
  metadata @4 :List(Entry);
}

struct StateTransactionOp {
  union {
    upsert @0 :SaveState;
    delete @1 :DeleteState;
  }
}

struct PublishRequest {
  pubsubName @0 :Text;
  topic @1 :Text;
  data @2 :Data;
  contentType @3 :Text;
  metadata @4 :List(Entry);
}

struct BulkPublishEntry {
  entryId @0 :Text;
  data @1 :Data;
  contentType @2 :Text;
  metadata @3 :List(Entry);
}

struct PublishOutcome {
  entryId @0 :Text;
  union {
    published @1 :Text;  # the CloudEvent id
    failed :group {
      code @2 :Text;
      message @3 :Text;
    }
  }
}

struct SubscriptionSpec {
  pubsubName @0 :Text;
  topic @1 :Text;
  deadLetterTopic @2 :Text;  # empty: none
  metadata @3 :List(Entry);
}

interface Subscriber {
  # Implemented by an application that subscribes. The answer settles the message; a failed call
  # counts as `retry`.
  deliver @0 (message :TopicMessage) -> (settlement :Settlement);

  ended @1 (error :Text) -> ();
  # The runtime ended the subscription: the pub/sub failed ("ERR_CODE: message") or, with an empty
  # error, the topic completed. Nothing more is delivered. A subscription that fails at once
  # (an unknown pub/sub) fails the `subscribe` call instead.
}

enum Settlement {
  success @0;
  retry @1;
  drop @2;
}

struct TopicMessage {
  # A CloudEvents 1.0 envelope's attributes.
  id @0 :Text;
  source @1 :Text;
  type @2 :Text;
  specVersion @3 :Text;
  dataContentType @4 :Text;
  subject @5 :Text;          # empty: none
  timeMillis @6 :Int64;      # -1: none
  data @7 :Data;
  topic @8 :Text;
  pubsubName @9 :Text;
  extensions @10 :List(Entry);
}

struct Secret {
  name @0 :Text;
  values @1 :List(Entry);
}

struct LockRequest {
  store @0 :Text;
  resourceId @1 :Text;
  lockOwner @2 :Text;
  expiryMillis @3 :UInt64;
  metadata @4 :List(Entry);
}

enum UnlockStatus {
  success @0;
  lockDoesNotExist @1;
  lockBelongsToOthers @2;
  internalError @3;
}

enum Increment {
  weak @0;
  strong @1;
}

interface Transaction {
  # An open database transaction. After commit or rollback every call fails with
  # ERR_TRANSACTION_NOT_FOUND; so does one the runtime rolled back after its idle timeout.
  query @0 (statement :SqlStatement) -> (result :QueryResult);
  exec @1 (statement :SqlStatement) -> (rowsAffected :UInt64);
  commit @2 () -> ();
  rollback @3 () -> ();
}

struct SqlStatement {
  sql @0 :Text;
  parameters @1 :List(SqlValue);  # one per `?`, in order
}

struct SqlValue {
  # The portable API's closed set of SQL value types. Times are ISO-8601 text.
  union {
    null @0 :Void;
    text @1 :Text;
    bool @2 :Bool;
    int32 @3 :Int32;
    int64 @4 :Int64;
    float64 @5 :Float64;
    decimal @6 :Text;
    bytes @7 :Data;
    instant @8 :Text;
    date @9 :Text;
    time @10 :Text;
    dateTime @11 :Text;
    uuid @12 :Text;
  }
}

struct SqlRow {
  values @0 :List(SqlValue);
}

struct QueryResult {
  columns @0 :List(Text);
  rows @1 :List(SqlRow);
}

enum Isolation {
  databaseDefault @0;
  readCommitted @1;
  repeatableRead @2;
  serializable @3;
}

struct TransactionOptions {
  isolation @0 :Isolation;
  readOnly @1 :Bool;
  idleTimeoutMillis @2 :UInt64;   # 0: the runtime's default
}

struct ConfigurationRequest {
  store @0 :Text;
  keys @1 :List(Text);
  metadata @2 :List(Entry);
}

struct ConfigurationItem {
  key @0 :Text;
  value @1 :Text;
  version @2 :Text;       # empty: none (on save: unconditional)
  metadata @3 :List(Entry);
}

interface ConfigurationWatcher {
  # Implemented by an application that watches configuration keys.
  update @0 (store :Text, changed :List(ConfigurationItem), removed :List(Text)) -> ();
  ended @1 (error :Text) -> ();
  # As Subscriber.ended: the store failed ("ERR_CODE: message"), or empty when the watch completed.
}

enum Severity {
  trace @0;
  debug @1;
  info @2;
  warn @3;
  error @4;
  fatal @5;
}

struct LogRecord {
  timestampNanos @0 :Int64;   # since the Unix epoch
  severity @1 :Severity;
  body @2 :Text;
  attributes @3 :List(Entry);
  traceparent @4 :Text;       # empty: the record belongs to no trace
  tracestate @5 :Text;
}

enum MetricKind {
  counter @0;
  upDownCounter @1;
  gauge @2;
  histogram @3;
}

struct MetricPoint {
  name @0 :Text;
  kind @1 :MetricKind;
  value @2 :Float64;
  unit @3 :Text;
  attributes @4 :List(Entry);
  timestampNanos @5 :Int64;
}

struct ScheduleSpec {
  name @0 :Text;
  cron @1 :Text;
  target :union {
    app :group {
      appId @2 :Text;
      appMethod @3 :Text;
    }
    actor :group {
      actorType @4 :Text;
      actorId @5 :Text;
      actorMethod @6 :Text;
    }
  }
  data @7 :Data;
  untilMillis @8 :Int64;       # -1: no end
  failurePolicy :union {
    drop @9 :Void;
    retry :group {
      maxRetries @10 :UInt32;
      intervalMillis @11 :UInt64;
    }
  }
}

struct ScheduleInfo {
  spec @0 :ScheduleSpec;
  createdAtMillis @1 :Int64;
  nextFireMillis @2 :Int64;    # -1: none
  fired @3 :UInt64;
}
