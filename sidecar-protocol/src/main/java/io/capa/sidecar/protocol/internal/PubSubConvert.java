package io.capa.sidecar.protocol.internal;

import io.capa.api.ErrorCode;
import io.capa.api.pubsub.Acknowledger;
import io.capa.api.pubsub.BulkPublishEntry;
import io.capa.api.pubsub.BulkPublishRequest;
import io.capa.api.pubsub.PublishOutcome;
import io.capa.api.pubsub.PublishRequest;
import io.capa.api.pubsub.Settlement;
import io.capa.api.pubsub.Subscription;
import io.capa.api.pubsub.TopicMessage;
import io.capa.sidecar.protocol.RuntimeProtocol;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** INTERNAL API: the pub/sub building block's records to and from runtime.capnp. */
public final class PubSubConvert {
  private PubSubConvert() {}

  public static void publish(PublishRequest r, RuntimeProtocol.PublishRequest.Builder b) {
    b.setPubsubName(r.pubsubName());
    b.setTopic(r.topic());
    b.setData(r.data());
    b.setContentType(r.contentType());
    Convert.entries(r.metadata(), b.initMetadata(r.metadata().size()));
  }

  public static PublishRequest publish(RuntimeProtocol.PublishRequest.Reader r) {
    return new PublishRequest(r.getPubsubName(), r.getTopic(), Convert.bytes(r.getData()),
        r.getContentType().isEmpty() ? null : r.getContentType(), Convert.entries(r.getMetadata()));
  }

  public static void entries(List<BulkPublishEntry> entries, List<RuntimeProtocol.BulkPublishEntry.Builder> out) {
    for (int i = 0; i < entries.size(); i++) {
      BulkPublishEntry e = entries.get(i);
      RuntimeProtocol.BulkPublishEntry.Builder b = out.get(i);
      b.setEntryId(e.entryId());
      b.setData(e.data());
      b.setContentType(e.contentType());
      Convert.entries(e.metadata(), b.initMetadata(e.metadata().size()));
    }
  }

  public static BulkPublishRequest bulk(RuntimeProtocol.Runtime.BulkPublishParams.Reader p) {
    List<BulkPublishEntry> entries = new ArrayList<>();
    for (RuntimeProtocol.BulkPublishEntry.Reader e : p.getEntries()) {
      entries.add(new BulkPublishEntry(e.getEntryId(), Convert.bytes(e.getData()),
          e.getContentType().isEmpty() ? null : e.getContentType(), Convert.entries(e.getMetadata())));
    }
    return new BulkPublishRequest(p.getPubsubName(), p.getTopic(), entries, Convert.entries(p.getMetadata()));
  }

  public static void outcome(PublishOutcome o, RuntimeProtocol.PublishOutcome.Builder b) {
    b.setEntryId(o.entryId());
    if (o instanceof PublishOutcome.Published p) {
      b.setPublished(p.eventId());
    } else if (o instanceof PublishOutcome.Failed f) {
      var failed = b.initFailed();
      failed.setCode(f.code().code());
      failed.setMessage(f.message());
    }
  }

  public static PublishOutcome outcome(RuntimeProtocol.PublishOutcome.Reader r) {
    if (r.isPublished()) {
      return new PublishOutcome.Published(r.getEntryId(), r.getPublished());
    }
    ErrorCode code = ErrorCode.fromCode(r.getFailed().getCode()).orElse(ErrorCode.INTERNAL);
    return new PublishOutcome.Failed(r.getEntryId(), code, r.getFailed().getMessage());
  }

  public static void subscription(Subscription s, RuntimeProtocol.SubscriptionSpec.Builder b) {
    b.setPubsubName(s.pubsubName());
    b.setTopic(s.topic());
    b.setDeadLetterTopic(s.deadLetterTopic().orElse(""));
    Convert.entries(s.metadata(), b.initMetadata(s.metadata().size()));
  }

  public static Subscription subscription(RuntimeProtocol.SubscriptionSpec.Reader r) {
    return new Subscription(r.getPubsubName(), r.getTopic(), StateConvert.text(r.getDeadLetterTopic()),
        Convert.entries(r.getMetadata()));
  }

  public static void message(TopicMessage m, RuntimeProtocol.TopicMessage.Builder b) {
    b.setId(m.id());
    b.setSource(m.source());
    b.setType(m.type());
    b.setSpecVersion(m.specVersion());
    b.setDataContentType(m.dataContentType());
    b.setSubject(m.subject().orElse(""));
    b.setTimeMillis(m.time().map(Instant::toEpochMilli).orElse(-1L));
    b.setData(m.data());
    b.setTopic(m.topic());
    b.setPubsubName(m.pubsubName());
    Convert.entries(m.extensions(), b.initExtensions(m.extensions().size()));
  }

  public static TopicMessage message(RuntimeProtocol.TopicMessage.Reader r, Acknowledger acknowledger) {
    long time = r.getTimeMillis();
    return new TopicMessage(r.getId(), r.getSource(), r.getType(), r.getSpecVersion(),
        r.getDataContentType().isEmpty() ? null : r.getDataContentType(), StateConvert.text(r.getSubject()),
        time < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(time)), Convert.bytes(r.getData()),
        r.getTopic(), r.getPubsubName(), Convert.entries(r.getExtensions()), acknowledger);
  }

  public static RuntimeProtocol.Settlement settlement(Settlement s) {
    return switch (s) {
      case SUCCESS -> RuntimeProtocol.Settlement.SUCCESS;
      case RETRY -> RuntimeProtocol.Settlement.RETRY;
      case DROP -> RuntimeProtocol.Settlement.DROP;
    };
  }

  /** An enumerant a newer schema added reads as retry: the message is not lost. */
  public static Settlement settlement(RuntimeProtocol.Settlement s) {
    return switch (s) {
      case SUCCESS -> Settlement.SUCCESS;
      case DROP -> Settlement.DROP;
      default -> Settlement.RETRY;
    };
  }
}
