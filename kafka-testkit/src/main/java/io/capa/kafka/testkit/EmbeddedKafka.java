package io.capa.kafka.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One Kafka node in KRaft mode (broker and controller in one server) running inside the calling
 * JVM, on free loopback ports and a temporary log directory.
 *
 * <p>{@link #stop()} and {@link #restart()} keep the log directory and the ports, so a test can
 * take the broker away under load and bring it back with its committed data and consumer offsets.
 * {@link #close()} stops it and deletes the directory.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
 *   kafka.createTopic("orders", 3);
 *   producerProps.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final int NODE_ID = 1;
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private final Options options;
  private final String clusterId = Uuid.randomUuid().toString();
  private Path logDir;
  private int brokerPort;
  private int controllerPort;
  private KafkaRaftServer server;

  private EmbeddedKafka(Options options) {
    this.options = options;
  }

  /** Settings before start: whether topics are created on first use, and extra broker properties. */
  public static Builder builder() {
    return new Builder();
  }

  /** Formats a fresh log directory on the first call, then starts the server and waits for it. */
  public synchronized EmbeddedKafka start() {
    if (server != null) {
      return this;
    }
    guardJvmExit();
    try {
      if (logDir == null) {
        logDir = Files.createTempDirectory("capa-kafka-");
        brokerPort = freePort();
        controllerPort = freePort();
        format(config());
      }
      KafkaRaftServer started = new KafkaRaftServer(config(), Time.SYSTEM);
      started.startup();
      server = started;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("embedded Kafka did not start: " + e.getMessage(), e);
    }
    return this;
  }

  /** Stops the server and keeps its log directory and ports for {@link #restart()}. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    KafkaRaftServer running = server;
    server = null;
    running.shutdown();
    running.awaitShutdown();
  }

  /** Stops (if running) and starts again on the same directory and ports. */
  public synchronized EmbeddedKafka restart() {
    stop();
    return start();
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** {@code host:port} for clients' {@code bootstrap.servers}; stays the same across restarts. */
  public synchronized String bootstrapServers() {
    if (logDir == null) {
      throw new IllegalStateException("embedded Kafka has not been started");
    }
    return "127.0.0.1:" + brokerPort;
  }

  /** Creates a topic with replication factor 1; an existing topic of that name is left as it is. */
  public void createTopic(String name, int partitions) {
    try (Admin admin = Admin.create(adminProps())) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("topic " + name + " was not created: " + e.getCause(), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("topic " + name + " was not created within " + ADMIN_TIMEOUT, e);
    }
  }

  /** Properties for an {@link Admin} client on this broker. */
  public Properties adminProps() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
    return props;
  }

  /** Stops the server and deletes its log directory. */
  @Override
  public synchronized void close() {
    stop();
    if (logDir != null) {
      deleteRecursively(logDir);
      logDir = null;
    }
  }

  private KafkaConfig config() {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    props.put("listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", String.valueOf(options.autoCreateTopics()));
    props.put("num.partitions", "1");
    // A test JVM is short-lived and shares two cores: keep the broker's thread pools small.
    props.put("num.network.threads", "2");
    props.put("num.io.threads", "2");
    props.put("background.threads", "2");
    props.put("log.cleaner.enable", "false");
    props.putAll(options.brokerProperties());
    return KafkaConfig.fromProps(props, false);
  }

  private void format(KafkaConfig config) throws Exception {
    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setNodeId(NODE_ID)
        .setClusterId(clusterId)
        .setControllerListenerName(CONTROLLER_LISTENER)
        .setMetadataLogDirectory(config.metadataLogDir())
        .addDirectory(logDir.toString())
        .setReleaseVersion(MetadataVersion.latestProduction())
        .run();
  }

  /**
   * A broker that hits a fatal error calls {@code Exit.halt}, which would end the test JVM with it;
   * turn that into an exception on the broker's thread instead.
   */
  private static void guardJvmExit() {
    Exit.setExitProcedure((status, message) -> {
      throw new IllegalStateException("embedded Kafka asked to exit (" + status + "): " + message);
    });
    Exit.setHaltProcedure((status, message) -> {
      throw new IllegalStateException("embedded Kafka asked to halt (" + status + "): " + message);
    });
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + dir, e);
    }
  }

  /** What {@link #builder()} collects. */
  record Options(boolean autoCreateTopics, Map<String, String> brokerProperties) {
    Options {
      brokerProperties = Map.copyOf(brokerProperties);
    }
  }

  /** Settings for an {@link EmbeddedKafka}. */
  public static final class Builder {
    private boolean autoCreateTopics = true;
    private final LinkedHashMap<String, String> brokerProperties = new LinkedHashMap<>();

    private Builder() {}

    /** Whether producing to or subscribing to an unknown topic creates it (default true). */
    public Builder autoCreateTopics(boolean enabled) {
      this.autoCreateTopics = enabled;
      return this;
    }

    /** Any broker property, applied after the testkit's own (so it can override them). */
    public Builder brokerProperty(String name, String value) {
      brokerProperties.put(name, value);
      return this;
    }

    public EmbeddedKafka build() {
      return new EmbeddedKafka(new Options(autoCreateTopics, brokerProperties));
    }
  }
}
