package io.capa.blocks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capa.api.pubsub.PubSubService;
import io.capa.api.pubsub.Subscription;
import io.capa.api.pubsub.TopicMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API: pub/sub deliveries to the application's HTTP routes, the way Dapr's programmatic
 * subscriptions work. Once the application's server answers, {@code GET /dapr/subscribe} lists
 * what it subscribes to ({@code [{"pubsubname","topic","route","deadLetterTopic","metadata"}]}, or
 * {@code "routes":{"default":...}}); each message is then posted to {@code <app><route>} as a
 * CloudEvents JSON envelope. A 2xx answer acknowledges it, unless its body says {@code
 * {"status":"RETRY"}} or {@code {"status":"DROP"}}; 404 drops it (to the dead-letter topic when there
 * is one); anything else, or no answer, retries it. At most {@link #IN_FLIGHT} messages of one
 * subscription are posted at once.
 *
 * <p>Subscriptions declared in the components folder ({@link DeclaredSubscriptions}) are delivered
 * the same way, starting once the application answers its first request; a topic both declared
 * and listed by the application keeps the declared route.
 */
public final class AppSubscriptions implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AppSubscriptions.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int IN_FLIGHT = 8;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration ASK_AGAIN = Duration.ofSeconds(1);

  private final URI app;
  private final PubSubService pubSub;
  private final Executor executor;
  private final ScheduledExecutorService scheduler;
  private final HttpClient http;
  private final List<JsonNode> declared;
  private final Map<String, String> routes = new ConcurrentHashMap<>();
  private final List<Flow.Subscription> running = new ArrayList<>();
  private volatile boolean closed;
  private volatile boolean toldWaiting;

  private AppSubscriptions(URI app, PubSubService pubSub, Executor executor, ScheduledExecutorService scheduler,
      List<JsonNode> declared) {
    this.declared = List.copyOf(declared);
    this.app = app;
    this.pubSub = pubSub;
    this.executor = executor;
    this.scheduler = scheduler;
    this.http = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * Asks the application for its subscriptions now, and again every second until it answers.
   *
   * @param declared subscriptions from the components folder, in {@code GET /dapr/subscribe}'s shape
   */
  public static AppSubscriptions start(URI app, PubSubService pubSub, Executor executor,
      ScheduledExecutorService scheduler, List<JsonNode> declared) {
    AppSubscriptions subscriptions = new AppSubscriptions(app, pubSub, executor, scheduler, declared);
    scheduler.execute(subscriptions::ask);
    return subscriptions;
  }

  /** {@code pubsub/topic -> route} of the subscriptions running now. */
  public Map<String, String> routes() {
    return Map.copyOf(routes);
  }

  private void ask() {
    if (closed) {
      return;
    }
    HttpRequest request =
        HttpRequest.newBuilder(app.resolve("/dapr/subscribe")).timeout(TIMEOUT).GET().build();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .whenCompleteAsync((response, failure) -> {
          if (failure != null) {
            // The application starts after (or alongside) the runtime: wait for it quietly.
            if (!toldWaiting) {
              toldWaiting = true;
              log.info("waiting for the application at {} to list its subscriptions", app);
            }
            if (!closed) {
              scheduler.schedule(this::ask, ASK_AGAIN.toMillis(), TimeUnit.MILLISECONDS);
            }
          } else {
            // The application answers: the declared subscriptions can deliver now.
            subscribeDeclared();
            if (response.statusCode() == 404) {
              log.info("the application at {} subscribes to no topics (GET /dapr/subscribe: 404)", app);
            } else if (response.statusCode() / 100 != 2) {
              log.warn("the application at {} answered GET /dapr/subscribe with {}: no subscriptions", app,
                  response.statusCode());
            } else {
              subscribeAll(response.body());
            }
          }
        }, executor);
  }

  private void subscribeDeclared() {
    for (JsonNode entry : declared) {
      try {
        subscribe(entry);
      } catch (RuntimeException e) {
        log.warn("declared subscription {} refused: {}", entry, e.getMessage());
      }
    }
  }

  private void subscribeAll(byte[] body) {
    JsonNode list;
    try {
      list = MAPPER.readTree(body);
    } catch (IOException e) {
      log.warn("the application's GET /dapr/subscribe is not JSON, no subscriptions: {}", e.getMessage());
      return;
    }
    if (list == null || !list.isArray()) {
      log.warn("the application's GET /dapr/subscribe must be a JSON array, no subscriptions");
      return;
    }
    for (JsonNode entry : list) {
      try {
        subscribe(entry);
      } catch (RuntimeException e) {
        log.warn("subscription {} refused: {}", entry, e.getMessage());
      }
    }
  }

  private void subscribe(JsonNode entry) {
    String pubsub = text(entry, "pubsubname");
    String topic = text(entry, "topic");
    String route = entry.hasNonNull("route") ? entry.get("route").asText()
        : entry.path("routes").hasNonNull("default") ? entry.path("routes").get("default").asText()
        : null;
    if (route == null || route.isBlank()) {
      throw new IllegalArgumentException("route (or routes.default) is missing");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    entry.path("metadata").properties().forEach(f -> metadata.put(f.getKey(), f.getValue().asText()));
    if (routes.containsKey(pubsub + "/" + topic)) {
      throw new IllegalArgumentException(pubsub + "/" + topic + " is subscribed already (to "
          + routes.get(pubsub + "/" + topic) + ")");
    }
    Optional<String> deadLetter =
        entry.hasNonNull("deadLetterTopic") ? Optional.of(entry.get("deadLetterTopic").asText()) : Optional.empty();
    URI target = app.resolve(route.startsWith("/") ? route : "/" + route);
    pubSub.subscribe(new Subscription(pubsub, topic, deadLetter, metadata)).subscribe(new Delivery(target));
    routes.put(pubsub + "/" + topic, route);
    log.info("delivering {}/{} to {}", pubsub, topic, target);
  }

  private static String text(JsonNode entry, String field) {
    JsonNode v = entry.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException(field + " is missing");
    }
    return v.asText();
  }

  /** Stops every delivery; unsettled messages come again to the next subscriber. */
  @Override
  public void close() {
    closed = true;
    List<Flow.Subscription> toCancel;
    synchronized (running) {
      toCancel = List.copyOf(running);
      running.clear();
    }
    toCancel.forEach(Flow.Subscription::cancel);
  }

  private final class Delivery implements Flow.Subscriber<TopicMessage> {
    private final URI target;
    private Flow.Subscription subscription;

    Delivery(URI target) {
      this.target = target;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      synchronized (running) {
        if (closed) {
          s.cancel();
          return;
        }
        running.add(s);
      }
      this.subscription = s;
      s.request(IN_FLIGHT);
    }

    @Override
    public void onNext(TopicMessage message) {
      post(message)
          .thenCompose(outcome -> switch (outcome) {
            case "SUCCESS" -> message.ack();
            case "DROP" -> message.drop();
            default -> message.retry();
          })
          .whenCompleteAsync((v, e) -> {
            if (e != null) {
              log.warn("settling a message of {}/{} failed: {}", message.pubsubName(), message.topic(), e.toString());
            }
            if (!closed) {
              subscription.request(1);
            }
          }, executor);
    }

    private CompletionStage<String> post(TopicMessage message) {
      HttpRequest request;
      try {
        request = HttpRequest.newBuilder(target)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/cloudevents+json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(envelope(message)))
            .build();
      } catch (RuntimeException e) {
        return CompletableFuture.completedFuture("DROP");
      }
      return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
          .handleAsync((response, failure) -> {
            if (failure != null) {
              log.debug("posting to {} failed: {}", target, failure.toString());
              return "RETRY";
            }
            if (response.statusCode() == 404) {
              log.warn("{} answered 404: message {} dropped", target, message.id());
              return "DROP";
            }
            if (response.statusCode() / 100 != 2) {
              return "RETRY";
            }
            return status(response.body());
          }, executor);
    }

    @Override
    public void onError(Throwable e) {
      log.warn("subscription delivering to {} ended: {}", target, e.toString());
    }

    @Override
    public void onComplete() {}
  }

  /** Dapr's answer body: {@code {"status":"SUCCESS"|"RETRY"|"DROP"}}; no body or no status: SUCCESS. */
  static String status(byte[] body) {
    if (body.length == 0) {
      return "SUCCESS";
    }
    try {
      JsonNode json = MAPPER.readTree(body);
      if (json != null && json.path("status").isTextual()) {
        String status = json.get("status").asText().toUpperCase(Locale.ROOT);
        return status.equals("RETRY") || status.equals("DROP") ? status : "SUCCESS";
      }
    } catch (IOException e) {
      // Not JSON: a 2xx is a success whatever it says.
    }
    return "SUCCESS";
  }

  /** The message as a CloudEvents JSON envelope; JSON data stays JSON, text a string, else base64. */
  static byte[] envelope(TopicMessage m) {
    ObjectNode e = MAPPER.createObjectNode();
    e.put("specversion", m.specVersion());
    e.put("id", m.id());
    e.put("source", m.source());
    e.put("type", m.type());
    e.put("datacontenttype", m.dataContentType());
    m.subject().ifPresent(s -> e.put("subject", s));
    m.time().ifPresent(t -> e.put("time", t.toString()));
    e.put("topic", m.topic());
    e.put("pubsubname", m.pubsubName());
    m.extensions().forEach(e::put);
    byte[] data = m.data();
    if (data.length > 0) {
      String type = m.dataContentType().toLowerCase(Locale.ROOT);
      JsonNode json = null;
      if (type.contains("json")) {
        try {
          json = MAPPER.readTree(data);
        } catch (IOException ignored) {
          json = null;
        }
      }
      if (json != null) {
        e.set("data", json);
      } else {
        Optional<String> text = utf8(data);
        if (text.isPresent()) {
          e.put("data", text.get());
        } else {
          e.put("data_base64", Base64.getEncoder().encodeToString(data));
        }
      }
    }
    return e.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Optional<String> utf8(byte[] data) {
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(data)).toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
