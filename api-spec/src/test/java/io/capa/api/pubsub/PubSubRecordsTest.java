package io.capa.api.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.ErrorCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PubSubRecordsTest {
  private final List<Settlement> settled = new ArrayList<>();
  private final Acknowledger recording =
      s -> {
        settled.add(s);
        return CompletableFuture.completedFuture(null);
      };

  private TopicMessage message(String specVersion, Map<String, String> extensions) {
    return new TopicMessage(
        "e-1", "orders-app", "order.created", specVersion, null, Optional.empty(),
        Optional.of(Instant.parse("2024-01-01T00:00:00Z")), new byte[] {1}, "orders", "kafka",
        extensions, recording);
  }

  @Test
  void publishRequest_blankTopic_namesTopic() {
    assertThatThrownBy(() -> PublishRequest.of("kafka", " ", new byte[0], "text/plain"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("topic");
  }

  @Test
  void publishRequest_nullContentType_defaultsToOctetStream() {
    assertThat(PublishRequest.of("kafka", "orders", null, null).contentType())
        .isEqualTo("application/octet-stream");
  }

  @Test
  void bulkPublishRequest_duplicateEntryId_namesIt() {
    BulkPublishEntry a = new BulkPublishEntry("e1", new byte[] {1}, null, null);
    BulkPublishEntry b = new BulkPublishEntry("e1", new byte[] {2}, null, null);
    assertThatThrownBy(() -> new BulkPublishRequest("kafka", "orders", List.of(a, b), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("e1");
  }

  @Test
  void bulkPublishRequest_noEntries_rejected() {
    assertThatThrownBy(() -> new BulkPublishRequest("kafka", "orders", List.of(), null))
        .hasMessageContaining("entries");
  }

  @Test
  void bulkPublishResponse_mixedOutcomes_listsOnlyFailed() {
    BulkPublishResponse r =
        new BulkPublishResponse(
            List.of(
                new PublishOutcome.Published("a", "ev-a"),
                new PublishOutcome.Failed("b", ErrorCode.COMPONENT_FAILED, "broker refused")));
    assertThat(r.allPublished()).isFalse();
    assertThat(r.failed()).extracting(PublishOutcome::entryId).containsExactly("b");
    assertThat(new BulkPublishResponse(List.of(new PublishOutcome.Published("a", "ev-a"))).allPublished())
        .isTrue();
  }

  @Test
  void subscription_deadLetterSameAsTopic_rejected() {
    assertThatThrownBy(() -> new Subscription("kafka", "orders", Optional.of("orders"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deadLetterTopic");
  }

  @Test
  void topicMessage_otherSpecVersion_namesSpecversion() {
    assertThatThrownBy(() -> message("0.3", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("specversion");
  }

  @Test
  void topicMessage_upperCaseExtension_namesIt() {
    assertThatThrownBy(() -> message("1.0", Map.of("traceParent", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("traceParent");
  }

  @Test
  void topicMessage_extensionShadowingCoreAttribute_rejected() {
    assertThatThrownBy(() -> message("1.0", Map.of("source", "x")))
        .hasMessageContaining("core attribute");
  }

  @Test
  void topicMessage_missingAcknowledger_rejected() {
    assertThatThrownBy(
            () ->
                new TopicMessage(
                    "e-1", "s", "t", "1.0", null, null, null, null, "orders", "kafka", null, null))
        .hasMessageContaining("acknowledger");
  }

  @Test
  void topicMessage_settleMethods_passTheirSettlement() {
    TopicMessage m = message("1.0", Map.of("traceparent", "00-abc"));
    m.ack();
    m.retry();
    m.drop();
    assertThat(settled).containsExactly(Settlement.SUCCESS, Settlement.RETRY, Settlement.DROP);
    assertThat(m.dataContentType()).isEqualTo("application/json");
    assertThat(m.extensions()).containsEntry("traceparent", "00-abc");
  }
}
