package io.capa.pubsub.api;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.pubsub.BulkPublishEntry;
import io.capa.api.pubsub.BulkPublishRequest;
import io.capa.api.pubsub.BulkPublishResponse;
import io.capa.api.pubsub.PubSubService;
import io.capa.api.pubsub.PublishOutcome;
import io.capa.api.pubsub.PublishRequest;
import io.capa.api.pubsub.Subscription;
import io.capa.api.pubsub.TopicMessage;
import io.capa.components.api.ComponentChange;
import io.capa.components.api.ComponentError;
import io.capa.components.api.ComponentSpec;
import io.capa.components.api.Components;
import io.capa.components.api.ComponentsListener;
import io.capa.pubsub.internal.CloudEvents;
import io.capa.pubsub.internal.TopicStream;
import io.capa.pubsub.spi.PubSubBroker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The pub/sub building block over the components of an app: each call goes to the {@link
 * PubSubBroker} its {@code pubsubName} names.
 *
 * <p>Publishing wraps the data in a CloudEvents 1.0 JSON envelope (source = the app id; a {@code
 * traceparent} in the metadata travels in it) unless the metadata says {@code rawPayload=true}, in
 * which case the broker carries the bytes as they are. Subscribing unwraps again.
 *
 * <p>Subscriptions deliver at least once. A message is acknowledged to the broker only when the
 * subscriber settled it with SUCCESS, or with DROP (or ran out of retries) and it was published to
 * the subscription's dead-letter topic. RETRY delivers the same message again after a backoff
 * (metadata {@code retryBackoff}, default 1s, doubling up to {@code maxRetryBackoff}, default 30s),
 * at most {@code maxRetries} times (default 3). At most {@code maxInFlight} messages (default 32) of
 * one subscription are unsettled at once. Subscriptions follow component reloads: when the
 * pub/sub's file changes they subscribe again on the new instance.
 */
public final class ComponentPubSubService implements PubSubService {
  /** The metadata key, Dapr's, that publishes or subscribes to the bytes without an envelope. */
  public static final String RAW_PAYLOAD = "rawPayload";

  private final Components components;
  private final String appId;
  private final ScheduledExecutorService scheduler;
  private final Set<TopicStream> streams = ConcurrentHashMap.newKeySet();

  public ComponentPubSubService(Components components, String appId, ScheduledExecutorService scheduler) {
    this.components = Objects.requireNonNull(components, "components");
    this.appId = Objects.requireNonNull(appId, "appId");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    components.addListener(new ComponentsListener() {
      @Override
      public void onChange(ComponentChange change) {
        reattach(change);
      }

      @Override
      public void onError(ComponentError error) {}
    });
  }

  @Override
  public CompletionStage<String> publish(PublishRequest request) {
    try {
      PubSubBroker broker = broker(request.pubsubName());
      return publish(broker, request.pubsubName(), request.topic(), request.data(), request.contentType(),
          request.metadata());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<BulkPublishResponse> bulkPublish(BulkPublishRequest request) {
    PubSubBroker broker;
    try {
      broker = broker(request.pubsubName());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    List<CompletableFuture<PublishOutcome>> outcomes = new ArrayList<>();
    for (BulkPublishEntry entry : request.entries()) {
      Map<String, String> metadata = new HashMap<>(request.metadata());
      metadata.putAll(entry.metadata());
      CompletionStage<String> published;
      try {
        published = publish(broker, request.pubsubName(), request.topic(), entry.data(), entry.contentType(),
            metadata);
      } catch (RuntimeException e) {
        published = CompletableFuture.failedFuture(e);
      }
      outcomes.add(published.<PublishOutcome>handle((id, error) -> error == null
              ? new PublishOutcome.Published(entry.entryId(), id)
              : failed(entry.entryId(), error))
          .toCompletableFuture());
    }
    return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
        .thenApply(v -> new BulkPublishResponse(outcomes.stream().map(CompletableFuture::join).toList()));
  }

  @Override
  public Flow.Publisher<TopicMessage> subscribe(Subscription subscription) {
    Objects.requireNonNull(subscription, "subscription");
    return subscriber -> {
      TopicStream stream = new TopicStream(subscription, components, scheduler, subscriber, streams::remove);
      streams.add(stream);
      stream.start();
    };
  }

  private CompletionStage<String> publish(
      PubSubBroker broker, String pubsub, String topic, byte[] data, String contentType, Map<String, String> metadata) {
    boolean raw = Boolean.parseBoolean(metadata.getOrDefault(RAW_PAYLOAD, "false"));
    Map<String, String> brokerMetadata = new HashMap<>(metadata);
    brokerMetadata.remove(RAW_PAYLOAD);
    String id;
    byte[] payload;
    if (raw) {
      id = java.util.UUID.randomUUID().toString();
      payload = data;
    } else {
      CloudEvents.Envelope envelope = CloudEvents.wrap(data, contentType, appId, topic, pubsub, metadata);
      id = envelope.id();
      payload = envelope.bytes();
    }
    return broker.publish(topic, payload, brokerMetadata).thenApply(v -> id);
  }

  private PubSubBroker broker(String name) {
    return components.require(name, PubSubBroker.class, "pub/sub");
  }

  private static PublishOutcome failed(String entryId, Throwable error) {
    Throwable t = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause() : error;
    ErrorCode code = t instanceof CapaException c ? c.errorCode() : ErrorCode.COMPONENT_FAILED;
    String message = t.getMessage() == null || t.getMessage().isBlank() ? t.toString() : t.getMessage();
    return new PublishOutcome.Failed(entryId, code, message);
  }

  private void reattach(ComponentChange change) {
    Set<String> names = new java.util.HashSet<>();
    change.changed().stream().map(ComponentSpec::name).forEach(names::add);
    change.removed().stream().map(ComponentSpec::name).forEach(names::add);
    change.added().stream().map(ComponentSpec::name).forEach(names::add);
    for (TopicStream s : streams) {
      if (names.contains(s.pubsubName())) {
        s.reattach();
      }
    }
  }
}
