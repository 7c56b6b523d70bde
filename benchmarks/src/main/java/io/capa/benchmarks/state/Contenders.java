package io.capa.benchmarks.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.capa.actors.api.ActorRuntime;
import io.capa.api.actors.ActorService;
import io.capa.api.state.SaveRequest;
import io.capa.api.state.StateService;
import io.capa.components.api.ComponentSpec;
import io.capa.components.api.Components;
import io.capa.components.api.ComponentsListener;
import io.capa.components.api.MetadataValue;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import io.capa.components.spi.ComponentHealth;
import io.capa.runtime.api.RuntimeConfig;
import io.capa.runtime.api.RuntimeServers;
import io.capa.runtime.api.RuntimeServices;
import io.capa.runtime.blocks.StateHttp;
import io.capa.runtime.metrics.MetricsRegistry;
import io.capa.runtime.spi.HttpRoutes;
import io.capa.capnp.rpc.RpcConnection;
import io.capa.capnp.rpc.RpcOptions;
import io.capa.capnp.rpc.RpcTransport;
import io.capa.sidecar.protocol.RuntimeProtocol.Runtime;
import io.capa.sidecar.protocol.internal.StateConvert;
import io.capa.sidecar.api.Applications;
import io.capa.sidecar.api.BlockServices;
import io.capa.sidecar.api.SidecarEndpoint;
import io.capa.state.api.ComponentStateService;
import io.capa.state.spi.StateStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** The contenders of one run, sharing one state store component, and what they clean up. */
final class Contenders implements AutoCloseable {
  static final String STORE = "statestore";
  private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String REDIS_URL = "redis://127.0.0.1:6379";

  private final List<Contender> all = new ArrayList<>();
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final String peerName;

  private Contenders(String peerName) {
    this.peerName = peerName;
  }

  List<Contender> all() {
    return all;
  }

  String peerName() {
    return peerName;
  }

  static Contenders open(String backend, int keys, int valueBytes, List<String> wanted) throws Exception {
    String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    String appId = "bench" + tag;
    byte[] value = new byte[valueBytes];
    new java.util.Random(42).nextBytes(value);
    // JSON values: the HTTP API stores JSON; the others store the same bytes.
    String json = "\"" + Base64.getEncoder().encodeToString(value).substring(0, Math.max(1, valueBytes - 2)) + "\"";
    byte[] jsonBytes = json.getBytes(StandardCharsets.UTF_8);
    boolean redis = backend.equals("redis");
    if (!redis && !backend.equals("postgres")) {
      throw new IllegalArgumentException("--backend must be redis or postgres, got " + backend);
    }
    Contenders c = new Contenders(redis ? "lettuce" : "jdbc");

    ExecutorService blocking = Executors.newFixedThreadPool(8);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    c.resources.add(() -> {
      scheduler.shutdownNow();
      blocking.shutdownNow();
    });
    Path dataDir = Files.createTempDirectory("capa-state-bench");
    String table = "bench_state_" + tag;
    Map<String, String> metadata = redis
        ? Map.of("redisHost", "127.0.0.1:6379")
        : Map.of("connectionString", "host=127.0.0.1 port=5432 user=postgres database=test", "tableName", table);
    StateStore store = (StateStore) create(redis ? "state.redis" : "state.postgresql", metadata,
        new ComponentContext(appId, blocking, scheduler, dataDir));
    c.resources.add(0, store); // closed last
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!store.health().up()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the state store did not come up: " + store.health().detail());
      }
      Thread.sleep(50);
    }
    ComponentStateService service = new ComponentStateService(single(store), appId, blocking);

    if (wanted.contains("http")) {
      c.all.add(http(c, service, keys, json));
    }
    if (wanted.contains("service")) {
      c.all.add(serviceContender(service, keys, jsonBytes));
    }
    if (wanted.contains("sidecar")) {
      c.all.add(sidecar(c, service, keys, jsonBytes));
    }
    if (wanted.contains("peer")) {
      c.all.add(redis ? lettuce(c, tag, keys, jsonBytes) : jdbc(c, tag, keys, jsonBytes));
    }
    if (!redis) {
      c.resources.add(() -> dropTables("bench_state_" + tag, "bench_peer_" + tag));
    } else {
      c.resources.add(() -> deleteRedisKeys(appId + "||*", "bench-peer-" + tag + ":*"));
    }
    return c;
  }

  /**
   * The sidecar's contender: an application calling the state block over {@code runtime.capnp}
   * (the generated {@code Runtime} client, as any Cap'n Proto peer would; the Java SDK's {@code
   * state()} does not reach the sidecar yet) on a {@code SidecarEndpoint} of a single-node runtime
   * in this JVM (in-memory persistence; the endpoint serves {@code service}), over loopback TCP.
   */
  static Contender sidecar(Contenders c, StateService service, int keys, byte[] value) throws Exception {
    Path dir = Files.createTempDirectory("capa-state-bench-node");
    ActorRuntime runtime = ActorRuntime.builder()
        .setting("capa.persistence.backend", "inmem")
        .setting("capa.cluster.host", "127.0.0.1")
        .setting("capa.cluster.port", 0)
        .setting("capa.data-dir", dir.toString())
        .start();
    c.resources.add(runtime::close);
    Config config = ConfigFactory.parseMap(Map.of("capa.rpc.port", 0)).withFallback(runtime.system().settings().config());
    SidecarEndpoint endpoint = SidecarEndpoint.start(runtime, config, Applications.create(runtime.system()),
        BlockServices.NONE.withState(service), () -> {}).toCompletableFuture().get(30, TimeUnit.SECONDS);
    RpcConnection connection = RpcTransport.connect(runtime.system(), "127.0.0.1", endpoint.port(), RpcOptions.DEFAULT, null)
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    Runtime.Client rpc = new Runtime.Client(connection.bootstrap());
    c.resources.add(() -> {
      rpc.close();
      connection.close();
      endpoint.stop();
    });
    KeyCursor cursor = new KeyCursor(keys);
    return new Contender() {
      @Override
      public String name() {
        return "sidecar";
      }

      @Override
      public void fill() throws Exception {
        for (int k = 0; k < keys; k++) {
          save("k" + k).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
      }

      private CompletionStage<?> save(String key) {
        return rpc.saveState(p -> {
          p.setStore(STORE);
          StateConvert.save(SaveRequest.of(key, value), p.initItems(1).get(0));
        }).response();
      }

      @Override
      public CompletionStage<?> get(int caller) {
        String key = "k" + cursor.next(caller);
        return rpc.getState(p -> {
          p.setStore(STORE);
          p.setKey(key);
          p.initMetadata(0);
        }).response();
      }

      @Override
      public CompletionStage<?> save(int caller) {
        return save("k" + cursor.next(caller));
      }
    };
  }

  private static Contender http(Contenders c, StateService service, int keys, String json) throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "state-bench");
    var config = RuntimeConfig.load("sidecar:\n  port: 0\n  metricsPort: 0\n", "bench.yaml");
    ActorService noActors = (ActorService) Proxy.newProxyInstance(Contenders.class.getClassLoader(),
        new Class<?>[] {ActorService.class}, (p, m, args) -> {
          throw new UnsupportedOperationException("no actors in this benchmark");
        });
    RuntimeServices services = new RuntimeServices(config, noActors, new MetricsRegistry(), List.of())
        .withHttpRoutes(List.<HttpRoutes>of(new StateHttp(service)));
    RuntimeServers servers = RuntimeServers.start(system, services).toCompletableFuture().get(20, TimeUnit.SECONDS);
    ExecutorService clientThreads = Executors.newFixedThreadPool(2);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads).build();
    c.resources.add(() -> {
      servers.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
      system.terminate();
      clientThreads.shutdownNow();
    });
    String base = "http://127.0.0.1:" + servers.httpPort() + "/v1.0/state/" + STORE;
    KeyCursor cursor = new KeyCursor(keys);
    return new Contender() {
      @Override
      public String name() {
        return "http";
      }

      @Override
      public void fill() throws Exception {
        for (int k = 0; k < keys; k++) {
          send(saveRequest(k)).get(10, TimeUnit.SECONDS);
        }
      }

      private HttpRequest saveRequest(int k) {
        return HttpRequest.newBuilder(URI.create(base))
            .POST(HttpRequest.BodyPublishers.ofString("[{\"key\":\"k" + k + "\",\"value\":" + json + "}]"))
            .header("Content-Type", "application/json").build();
      }

      private CompletableFuture<HttpResponse<byte[]>> send(HttpRequest r) {
        return client.sendAsync(r, HttpResponse.BodyHandlers.ofByteArray()).thenApply(resp -> {
          if (resp.statusCode() >= 300) {
            throw new IllegalStateException("HTTP " + resp.statusCode() + ": " + new String(resp.body(), StandardCharsets.UTF_8));
          }
          return resp;
        });
      }

      @Override
      public CompletionStage<?> get(int caller) {
        return send(HttpRequest.newBuilder(URI.create(base + "/k" + cursor.next(caller))).GET().build());
      }

      @Override
      public CompletionStage<?> save(int caller) {
        return send(saveRequest(cursor.next(caller)));
      }
    };
  }

  private static Contender serviceContender(StateService service, int keys, byte[] value) {
    KeyCursor cursor = new KeyCursor(keys);
    return new Contender() {
      @Override
      public String name() {
        return "service";
      }

      @Override
      public void fill() {
        for (int k = 0; k < keys; k++) {
          service.save(STORE, SaveRequest.of("k" + k, value)).toCompletableFuture().join();
        }
      }

      @Override
      public CompletionStage<?> get(int caller) {
        return service.get(STORE, "k" + cursor.next(caller));
      }

      @Override
      public CompletionStage<?> save(int caller) {
        return service.save(STORE, SaveRequest.of("k" + cursor.next(caller), value));
      }
    };
  }

  private static Contender lettuce(Contenders c, String tag, int keys, byte[] value) {
    RedisClient client = RedisClient.create(REDIS_URL);
    StatefulRedisConnection<byte[], byte[]> conn = client.connect(ByteArrayCodec.INSTANCE);
    c.resources.add(() -> {
      conn.close();
      client.shutdown();
    });
    byte[] data = "data".getBytes(StandardCharsets.US_ASCII);
    KeyCursor cursor = new KeyCursor(keys);
    return new Contender() {
      private byte[] key(int k) {
        return ("bench-peer-" + tag + ":k" + k).getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public String name() {
        return "lettuce";
      }

      @Override
      public void fill() {
        for (int k = 0; k < keys; k++) {
          conn.sync().hset(key(k), data, value);
        }
      }

      @Override
      public CompletionStage<?> get(int caller) {
        return conn.async().hget(key(cursor.next(caller)), data);
      }

      @Override
      public CompletionStage<?> save(int caller) {
        return conn.async().hset(key(cursor.next(caller)), data, value);
      }
    };
  }

  private static Contender jdbc(Contenders c, String tag, int keys, byte[] value) throws Exception {
    String table = "bench_peer_" + tag;
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(PG_URL);
    hc.setUsername("postgres");
    hc.setMaximumPoolSize(4);
    HikariDataSource pool = new HikariDataSource(hc);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    c.resources.add(() -> {
      threads.shutdownNow();
      pool.close();
    });
    try (Connection conn = pool.getConnection(); Statement s = conn.createStatement()) {
      s.execute("CREATE TABLE " + table + " (id TEXT PRIMARY KEY, data BYTEA NOT NULL)");
    }
    KeyCursor cursor = new KeyCursor(keys);
    String upsert = "INSERT INTO " + table + " (id, data) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data";
    return new Contender() {
      @Override
      public String name() {
        return "jdbc";
      }

      @Override
      public void fill() throws Exception {
        for (int k = 0; k < keys; k++) {
          write(k);
        }
      }

      private Void write(int k) throws java.sql.SQLException {
        try (Connection conn = pool.getConnection(); PreparedStatement ps = conn.prepareStatement(upsert)) {
          ps.setString(1, "k" + k);
          ps.setBytes(2, value);
          ps.executeUpdate();
        }
        return null;
      }

      @Override
      public CompletionStage<?> get(int caller) {
        int k = cursor.next(caller);
        return CompletableFuture.supplyAsync(() -> {
          try (Connection conn = pool.getConnection();
              PreparedStatement ps = conn.prepareStatement("SELECT data FROM " + table + " WHERE id = ?")) {
            ps.setString(1, "k" + k);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? rs.getBytes(1) : null;
            }
          } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
          }
        }, threads);
      }

      @Override
      public CompletionStage<?> save(int caller) {
        int k = cursor.next(caller);
        return CompletableFuture.supplyAsync(() -> {
          try {
            return write(k);
          } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
          }
        }, threads);
      }
    };
  }

  private static Component create(String type, Map<String, String> metadata, ComponentContext context) throws Exception {
    Map<String, MetadataValue> m = new LinkedHashMap<>();
    metadata.forEach((k, v) -> m.put(k, new MetadataValue.Plain(v)));
    ComponentSpec spec = new ComponentSpec(STORE, type, "v1", m, List.of(), Optional.empty(), Path.of("bench.yaml"), 1);
    for (ComponentFactory f : ServiceLoader.load(ComponentFactory.class)) {
      if (f.types().contains(type)) {
        return f.create(new ComponentConfig(spec, metadata), context);
      }
    }
    throw new IllegalStateException("no component factory for " + type);
  }

  /** The one store of the benchmark, by its name. */
  private static Components single(StateStore store) {
    return new Components() {
      @Override
      public <T extends Component> T require(String name, Class<T> kind, String what) {
        return kind.cast(store);
      }

      @Override
      public List<String> names(Class<? extends Component> kind) {
        return List.of(STORE);
      }

      @Override
      public Map<String, ComponentHealth> health() {
        return Map.of(STORE, store.health());
      }

      @Override
      public void addListener(ComponentsListener listener) {}
    };
  }

  private static void dropTables(String... tables) throws Exception {
    try (Connection c = java.sql.DriverManager.getConnection(PG_URL, "postgres", ""); Statement s = c.createStatement()) {
      for (String t : tables) {
        s.execute("DROP TABLE IF EXISTS " + t);
      }
    }
  }

  private static void deleteRedisKeys(String... patterns) {
    RedisClient client = RedisClient.create(REDIS_URL);
    try (StatefulRedisConnection<String, String> conn = client.connect()) {
      for (String pattern : patterns) {
        io.lettuce.core.ScanCursor cursor = io.lettuce.core.ScanCursor.INITIAL;
        do {
          io.lettuce.core.KeyScanCursor<String> page =
              conn.sync().scan(cursor, io.lettuce.core.ScanArgs.Builder.matches(pattern).limit(1000));
          if (!page.getKeys().isEmpty()) {
            conn.sync().unlink(page.getKeys().toArray(new String[0]));
          }
          cursor = page;
        } while (!cursor.isFinished());
      }
    } finally {
      client.shutdown();
    }
  }

  @Override
  public void close() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        System.err.println("cleanup: " + e);
      }
    }
  }

  /** Spreads each caller over the keys: caller i takes i, i + 1009, i + 2018, ... modulo the key count. */
  private static final class KeyCursor {
    private final int keys;
    private final java.util.concurrent.ConcurrentHashMap<Integer, int[]> next = new java.util.concurrent.ConcurrentHashMap<>();

    KeyCursor(int keys) {
      this.keys = keys;
    }

    int next(int caller) {
      int[] n = next.computeIfAbsent(caller, c -> new int[] {c});
      int k = Math.floorMod(n[0], keys);
      n[0] += 1009;
      return k;
    }
  }
}
