package io.capa.sdk.internal;

import io.capa.api.pubsub.BulkPublishRequest;
import io.capa.api.pubsub.BulkPublishResponse;
import io.capa.api.pubsub.PubSubService;
import io.capa.api.pubsub.PublishRequest;
import io.capa.api.pubsub.Subscription;
import io.capa.api.pubsub.TopicMessage;
import io.capa.sidecar.protocol.internal.Convert;
import io.capa.sidecar.protocol.internal.PubSubConvert;
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

  RpcPubSubService(RuntimeLink link) {
    this.link = link;
  }

  @Override
  public CompletionStage<String> publish(PublishRequest request) {
    Objects.requireNonNull(request, "request");
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
    return link.call("bulk publish to " + request.pubsubName() + "/" + request.topic(), link.settings().callTimeout(),
        rt -> {
          var p = rt.bulkPublish(b -> {
            b.setPubsubName(request.pubsubName());
            b.setTopic(request.topic());
            PubSubConvert.entries(request.entries(), b.initEntries(request.entries().size()));
            Convert.entries(request.metadata(), b.initMetadata(request.metadata().size()));
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
