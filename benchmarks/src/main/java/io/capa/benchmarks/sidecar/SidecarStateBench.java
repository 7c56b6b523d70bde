package io.capa.benchmarks.sidecar;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.capa.actors.api.ActorRuntime;
import io.capa.api.state.SaveRequest;
import io.capa.api.state.StateService;
import io.capa.benchmarks.internal.Args;
import io.capa.benchmarks.internal.ClosedLoop;
import io.capa.benchmarks.internal.Machine;
import io.capa.benchmarks.internal.Nodes;
import io.capa.benchmarks.internal.Table;
import io.capa.blocks.api.BuildingBlocks;
import io.capa.sdk.api.CapaClient;
import io.capa.sidecar.api.Applications;
import io.capa.sidecar.api.BlockServices;
import io.capa.sidecar.api.SidecarEndpoint;
import io.capa.state.api.ComponentStateService;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * State get and save through the SDK over the sidecar's RPC against the same operations on the same
 * store in-process and through the backend's own Java client, in the same run.
 *
 * <p>The store is the real state block ({@code ComponentStateService} over a {@code state.redis} or
 * {@code state.postgresql} component, built by {@code BuildingBlocks} from a components folder
 * written here). The sidecar is its RPC endpoint ({@code SidecarEndpoint} with that service) in this
 * JVM, called by a {@code CapaClient} over one loopback connection. Contenders:
 *
 * <ul>
 *   <li>{@code sdk-rpc}: {@code capa.state().get/save} (application → RPC → endpoint → block → store);
 *   <li>{@code in-process}: the same {@code ComponentStateService} called directly;
 *   <li>{@code lettuce} / {@code jdbc}: GET/SET, or SELECT / INSERT ... ON CONFLICT on a table of its
 *       own, through the backend's client (async Lettuce; JDBC on one connection per caller thread).
 * </ul>
 *
 * <p>Closed loops of N outstanding calls for each N of {@code --concurrency} over {@code --keys}
 * keys: calls/s, p50 and p99 per contender, the contenders alternating round by round.
 *
 * <p>Options: {@code --backend redis|postgresql --redis 127.0.0.1:6379 --postgres
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres --concurrency 1,16,64 --keys 1000 --value-bytes
 * 100 --warmup 5s --round 5s --rounds 3}.
 */
public final class SidecarStateBench {
  /** Load before each measured round after the first, so a contender starts from its steady state. */
  private static final Duration SETTLE = Duration.ofSeconds(1);

  private SidecarStateBench() {}

  public static void main(String[] argv) throws Exception {
    Args a = Args.parse(argv);
    String backend = a.string("backend", "redis");
    String redis = a.string("redis", "127.0.0.1:6379");
    String postgres = a.string("postgres", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    int[] concurrency = java.util.Arrays.stream(a.string("concurrency", "1,16,64").split(",")).mapToInt(Integer::parseInt).toArray();
    int keys = a.integer("keys", 1000);
    byte[] value = new byte[a.integer("value-bytes", 100)];
    Duration warmup = a.duration("warmup", "5s");
    Duration round = a.duration("round", "5s");
    int rounds = a.integer("rounds", 3);
    if (!backend.equals("redis") && !backend.equals("postgresql")) {
      throw new IllegalArgumentException("--backend must be redis or postgresql, not " + backend);
    }

    Machine.printHeader("state get/save through the SDK over the sidecar's RPC vs in-process vs the backend's own client ("
        + backend + ")");
    String run = "bench" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    Path work = Nodes.tempDataDir();
    Path components = Files.createDirectory(work.resolve("components"));
    Files.writeString(components.resolve("statestore.yaml"), component(backend, redis, postgres, run));
    ExecutorService executor = Executors.newFixedThreadPool(4);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    ExecutorService jdbcThreads = Executors.newFixedThreadPool(Math.max(1, max(concurrency)));
    try (BuildingBlocks blocks = BuildingBlocks.start(new BuildingBlocks.Settings(Optional.of(components), "bench", executor,
            scheduler, Files.createDirectory(work.resolve("data")), Duration.ofSeconds(5)));
        ActorRuntime runtime = Nodes.start("inmem", Map.of())) {
      StateService inProcess = new ComponentStateService(blocks.components(), "bench", executor);
      Config config = ConfigFactory.parseMap(Map.of("capa.rpc.port", 0, "capa.rpc.host", "127.0.0.1"))
          .withFallback(runtime.system().settings().config());
      SidecarEndpoint endpoint = SidecarEndpoint.start(runtime, config, Applications.create(runtime.system()),
          BlockServices.NONE.withState(inProcess), () -> {}).toCompletableFuture().get(30, TimeUnit.SECONDS);
      try (CapaClient capa = CapaClient.builder().appId("bench").runtime("127.0.0.1", endpoint.port()).apiToken(null).build()) {
        Direct direct = backend.equals("redis") ? new LettuceDirect(redis, run) : new JdbcDirect(postgres, run, jdbcThreads);
        try (direct) {
          Map<String, Contender> contenders = new LinkedHashMap<>();
          contenders.put("sdk-rpc", state(capa.state(), value));
          contenders.put("in-process", state(inProcess, value));
          contenders.put(direct.name(), direct.contender(value));
          // Every key exists before anything is measured, so gets find values.
          for (Contender c : contenders.values()) {
            for (int k = 0; k < keys; k++) {
              c.save.apply(k).toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
          }
          measure(contenders, keys, concurrency, warmup, round, rounds);
        } finally {
          endpoint.stop();
        }
      }
    } finally {
      executor.shutdownNow();
      scheduler.shutdownNow();
      jdbcThreads.shutdownNow();
    }
    System.out.println("# load at end: " + Machine.loadAverage());
  }

  private static int max(int[] values) {
    return java.util.Arrays.stream(values).max().orElse(1);
  }

  private static String component(String backend, String redis, String postgres, String run) {
    String meta = backend.equals("redis")
        ? "    - name: redisHost\n      value: \"" + redis + "\"\n    - name: keyPrefix\n      value: \"" + run + "\"\n"
        : "    - name: connectionString\n      value: \"" + postgres + "\"\n    - name: tableName\n      value: \"" + run + "_state\"\n";
    return "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: statestore\nspec:\n  type: state." + backend
        + "\n  version: v1\n  metadata:\n" + meta;
  }

  /** The get and the save of one contender, by key number. */
  record Contender(IntFunction<CompletionStage<?>> get, IntFunction<CompletionStage<?>> save) {}

  private static Contender state(StateService s, byte[] value) {
    return new Contender(k -> s.get("statestore", "k" + k), k -> s.save("statestore", SaveRequest.of("k" + k, value)));
  }

  private static void measure(Map<String, Contender> contenders, int keys, int[] concurrency, Duration warmup, Duration round,
      int rounds) throws InterruptedException {
    Table t = new Table("closed loops over " + keys + " keys (median of " + rounds + " rounds)",
        "op", "N", "contender", "calls/s", "p50 ms", "p99 ms", "failures");
    for (String op : new String[] {"get", "save"}) {
      for (int n : concurrency) {
        Map<String, double[]> perSecond = new LinkedHashMap<>();
        Map<String, double[]> p50 = new LinkedHashMap<>();
        Map<String, double[]> p99 = new LinkedHashMap<>();
        Map<String, Long> failures = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
          java.util.List<String> order = new java.util.ArrayList<>(contenders.keySet());
          if (r % 2 == 1) {
            java.util.Collections.reverse(order);
          }
          for (String who : order) {
            Contender c = contenders.get(who);
            IntFunction<CompletionStage<?>> call = op.equals("get") ? c.get : c.save;
            int[] next = new int[n];
            ClosedLoop.Result res = new ClosedLoop(n, caller -> call.apply((caller + n * next[caller]++) % keys))
                .run(who, r == 0 ? warmup : SETTLE, round);
            perSecond.computeIfAbsent(who, x -> new double[rounds])[r] = res.perSecond();
            p50.computeIfAbsent(who, x -> new double[rounds])[r] = res.latencyMicros().getValueAtPercentile(50) / 1000.0;
            p99.computeIfAbsent(who, x -> new double[rounds])[r] = res.latencyMicros().getValueAtPercentile(99) / 1000.0;
            failures.merge(who, res.failures(), Long::sum);
          }
        }
        for (String who : contenders.keySet()) {
          t.row(op, n, who, String.format("%.0f", median(perSecond.get(who))), String.format("%.3f", median(p50.get(who))),
              String.format("%.3f", median(p99.get(who))), failures.get(who));
        }
      }
    }
    t.print();
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** The backend's own client, on keys or a table of its own. */
  private interface Direct extends AutoCloseable {
    String name();

    Contender contender(byte[] value);

    @Override
    void close() throws Exception;
  }

  private static final class LettuceDirect implements Direct {
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final String prefix;
    private final String run;

    LettuceDirect(String hostPort, String run) {
      this.run = run;
      this.client = RedisClient.create("redis://" + hostPort);
      this.connection = client.connect(io.lettuce.core.codec.ByteArrayCodec.INSTANCE);
      this.prefix = run + "-direct-";
    }

    @Override
    public String name() {
      return "lettuce";
    }

    @Override
    public Contender contender(byte[] value) {
      RedisAsyncCommands<byte[], byte[]> cmd = connection.async();
      return new Contender(k -> cmd.get(key(k)), k -> cmd.set(key(k), value));
    }

    private byte[] key(int k) {
      return (prefix + k).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
      RedisAsyncCommands<byte[], byte[]> cmd = connection.async();
      // This run's keys: the contender's and the state store's (prefixed with the run's keyPrefix).
      var found = connection.sync().keys((run + "*").getBytes(StandardCharsets.UTF_8));
      if (!found.isEmpty()) {
        connection.sync().del(found.toArray(new byte[0][]));
      }
      connection.close();
      client.shutdown();
    }
  }

  private static final class JdbcDirect implements Direct {
    private final String url;
    private final String table;
    private final ExecutorService threads;
    private final ThreadLocal<Connection> connections;
    private final java.util.List<Connection> all = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final String run;

    JdbcDirect(String url, String run, ExecutorService threads) throws SQLException {
      this.run = run;
      this.url = url;
      this.table = run + "_direct";
      this.threads = threads;
      this.connections = ThreadLocal.withInitial(this::open);
      try (Connection c = DriverManager.getConnection(url)) {
        c.createStatement().execute("CREATE TABLE " + table + " (key TEXT PRIMARY KEY, value BYTEA)");
      }
    }

    private Connection open() {
      try {
        Connection c = DriverManager.getConnection(url);
        all.add(c);
        return c;
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public String name() {
      return "jdbc";
    }

    @Override
    public Contender contender(byte[] value) {
      return new Contender(
          k -> CompletableFuture.supplyAsync(() -> query("SELECT value FROM " + table + " WHERE key = ?", k, null), threads),
          k -> CompletableFuture.supplyAsync(() -> query("INSERT INTO " + table + " (key, value) VALUES (?, ?)"
              + " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", k, value), threads));
    }

    private Object query(String sql, int k, byte[] value) {
      try (PreparedStatement ps = connections.get().prepareStatement(sql)) {
        ps.setString(1, "k" + k);
        if (value != null) {
          ps.setBytes(2, value);
          return ps.executeUpdate();
        }
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getBytes(1) : null;
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() throws SQLException {
      for (Connection c : all) {
        c.close();
      }
      try (Connection c = DriverManager.getConnection(url)) {
        c.createStatement().execute("DROP TABLE IF EXISTS " + table);
        // The state store's table of this run.
        c.createStatement().execute("DROP TABLE IF EXISTS " + run + "_state");
      }
    }
  }
}
