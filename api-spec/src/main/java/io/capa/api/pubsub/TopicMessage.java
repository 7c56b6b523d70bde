package io.capa.api.pubsub;

import io.capa.api.internal.Checks;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * A received message: the attributes of its CloudEvents 1.0 envelope, where it came from, and the
 * handle that settles it. Attribute names follow the CloudEvents spec ({@code specversion}, {@code
 * datacontenttype}); {@code extensions} holds the other attributes as their string forms.
 */
public record TopicMessage(
    String id,
    String source,
    String type,
    String specVersion,
    String dataContentType,
    Optional<String> subject,
    Optional<Instant> time,
    byte[] data,
    String topic,
    String pubsubName,
    Map<String, String> extensions,
    Acknowledger acknowledger) {

  /** The only CloudEvents version the runtime produces and accepts. */
  public static final String SPEC_VERSION = "1.0";

  // CloudEvents 1.0: attribute names are lower-case ASCII letters and digits.
  private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-z0-9]+");
  private static final Set<String> RESERVED =
      Set.of(
          "id", "source", "type", "specversion", "datacontenttype", "dataschema", "subject", "time",
          "data", "data_base64", "topic", "pubsubname");

  public TopicMessage {
    Checks.requireText(id, "id");
    Checks.requireText(source, "source");
    Checks.requireText(type, "type");
    if (!SPEC_VERSION.equals(specVersion)) {
      throw new IllegalArgumentException("specversion must be " + SPEC_VERSION + ": " + specVersion);
    }
    dataContentType = Objects.requireNonNullElse(dataContentType, "application/json");
    subject = Checks.optionalText(subject, "subject");
    time = Objects.requireNonNullElse(time, Optional.empty());
    data = Checks.orEmpty(data);
    Checks.requireText(topic, "topic");
    Checks.requireText(pubsubName, "pubsubName");
    extensions = Checks.metadata(extensions, "extensions");
    for (String name : extensions.keySet()) {
      if (!ATTRIBUTE_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "extension name must be lower-case letters and digits: '" + name + "'");
      }
      if (RESERVED.contains(name)) {
        throw new IllegalArgumentException("extension name '" + name + "' is a core attribute");
      }
    }
    Objects.requireNonNull(acknowledger, "acknowledger");
  }

  public CompletionStage<Void> ack() {
    return acknowledger.settle(Settlement.SUCCESS);
  }

  public CompletionStage<Void> retry() {
    return acknowledger.settle(Settlement.RETRY);
  }

  public CompletionStage<Void> drop() {
    return acknowledger.settle(Settlement.DROP);
  }
}
