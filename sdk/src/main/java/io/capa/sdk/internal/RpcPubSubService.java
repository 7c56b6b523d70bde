package io.capa.sdk.internal;

import io.capa.api.pubsub.BulkPublishRequest;
import io.capa.api.pubsub.BulkPublishResponse;
import io.capa.api.pubsub.PubSubService;
import io.capa.api.pubsub.PublishRequest;
import io.capa.api.pubsub.Subscription;
import io.capa.api.pubsub.TopicMessage;
import io.capa.sidecar.protocol.internal.Convert;
import io.capa.sidecar.protocol.internal.PubSubConvert;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * INTERNAL API: pub/sub over {@code Runtime.publish}, {@code bulkPublish} and {@code subscribe}. Each
 * subscriber of a returned publisher is one {@link RpcSubscription}, registered again on every new
 * connection.
 */
final class RpcPubSubService implements PubSubService {
  private final RuntimeLink link;
  private final TraceInjection trace;

  RpcPubSubService(RuntimeLink link, TraceInjection trace) {
    this.link = link;
    this.trace = trace;
  }

  @Override
  public CompletionStage<String> publish(PublishRequest original) {
    Objects.requireNonNull(original, "request");
    Map<String, String> meta = trace.apply(original.metadata());
    PublishRequest request = meta == original.metadata() ? original : new PublishRequest(
        original.pubsubName(), original.topic(), original.data(), original.contentType(), meta);
    return link.call("publish to " + request.pubsubName() + "/" + request.topic(), link.settings().callTimeout(),
        rt -> {
          var p = rt.publish(b -> PubSubConvert.publish(request, b.initRequest()));
          return new RuntimeLink.Pending<>(p.result(), p::cancel);
        },
        r -> r.getEventId());
  }

  @Override
  public CompletionStage<BulkPublishResponse> bulkPublish(BulkPublishRequest request) {
    Objects.requireNonNull(request, "request");
    Map<String, String> meta = trace.apply(request.metadata());
    return link.call("bulk publish to " + request.pubsubName() + "/" + request.topic(), link.settings().callTimeout(),
        rt -> {
          var p = rt.bulkPublish(b -> {
            b.setPubsubName(request.pubsubName());
            b.setTopic(request.topic());
            PubSubConvert.entries(request.entries(), b.initEntries(request.entries().size()));
            Convert.entries(meta, b.initMetadata(meta.size()));
          });
          return new RuntimeLink.Pending<>(p.result(), p::cancel);
        },
        r -> new BulkPublishResponse(r.getOutcomes().stream().map(PubSubConvert::outcome).toList()));
  }

  @Override
  public Flow.Publisher<TopicMessage> subscribe(Subscription subscription) {
    Objects.requireNonNull(subscription, "subscription");
    return subscriber -> {
      Objects.requireNonNull(subscriber, "subscriber");
      RpcSubscription s = new RpcSubscription(link, subscription, subscriber);
      subscriber.onSubscribe(s);
      s.start();
    };
  }
}
