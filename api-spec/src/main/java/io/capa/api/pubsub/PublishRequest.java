package io.capa.api.pubsub;

import io.capa.api.internal.Checks;
import java.util.Map;
import java.util.Objects;

/**
 * One message to publish. The runtime wraps {@code data} in a CloudEvents 1.0 envelope unless
 * {@code contentType} is {@code application/cloudevents+json}, in which case {@code data} already is
 * one.
 */
public record PublishRequest(
    String pubsubName, String topic, byte[] data, String contentType, Map<String, String> metadata) {
  public PublishRequest {
    Checks.requireText(pubsubName, "pubsubName");
    Checks.requireText(topic, "topic");
    data = Checks.orEmpty(data);
    contentType = Objects.requireNonNullElse(contentType, "application/octet-stream");
    Checks.requireText(contentType, "contentType");
    metadata = Checks.metadata(metadata, "publish metadata");
  }

  public static PublishRequest of(String pubsubName, String topic, byte[] data, String contentType) {
    return new PublishRequest(pubsubName, topic, data, contentType, Map.of());
  }
}
