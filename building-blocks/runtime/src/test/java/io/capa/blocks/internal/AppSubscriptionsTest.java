package io.capa.blocks.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capa.api.pubsub.TopicMessage;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AppSubscriptionsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static TopicMessage message(String contentType, byte[] data) {
    return new TopicMessage("id-1", "orders-app", "com.example.order", "1.0", contentType, Optional.empty(),
        Optional.empty(), data, "orders", "bus", Map.of("traceparent", "00-a-b-01"),
        s -> CompletableFuture.completedFuture(null));
  }

  @Test
  void envelope_jsonData_staysJson() throws Exception {
    JsonNode e = MAPPER.readTree(AppSubscriptions.envelope(message("application/json", "{\"n\":1}".getBytes(UTF_8))));
    assertThat(e.get("data").get("n").asInt()).isEqualTo(1);
    assertThat(e.get("id").asText()).isEqualTo("id-1");
    assertThat(e.get("topic").asText()).isEqualTo("orders");
    assertThat(e.get("pubsubname").asText()).isEqualTo("bus");
    assertThat(e.get("traceparent").asText()).isEqualTo("00-a-b-01");
  }

  @Test
  void envelope_textAndBrokenJson_areStrings() throws Exception {
    assertThat(MAPPER.readTree(AppSubscriptions.envelope(message("text/plain", "hi".getBytes(UTF_8))))
        .get("data").asText()).isEqualTo("hi");
    assertThat(MAPPER.readTree(AppSubscriptions.envelope(message("application/json", "{oops".getBytes(UTF_8))))
        .get("data").asText()).isEqualTo("{oops");
  }

  @Test
  void envelope_binary_isBase64() throws Exception {
    byte[] bytes = {(byte) 0xff, 0, (byte) 0xfe};
    JsonNode e = MAPPER.readTree(AppSubscriptions.envelope(message("application/octet-stream", bytes)));
    assertThat(e.has("data")).isFalse();
    assertThat(Base64.getDecoder().decode(e.get("data_base64").asText())).isEqualTo(bytes);
  }

  @Test
  void status_readsDaprAnswers_andDefaultsToSuccess() {
    assertThat(AppSubscriptions.status(new byte[0])).isEqualTo("SUCCESS");
    assertThat(AppSubscriptions.status("{\"status\":\"retry\"}".getBytes(UTF_8))).isEqualTo("RETRY");
    assertThat(AppSubscriptions.status("{\"status\":\"DROP\"}".getBytes(UTF_8))).isEqualTo("DROP");
    assertThat(AppSubscriptions.status("{\"status\":\"whatever\"}".getBytes(UTF_8))).isEqualTo("SUCCESS");
    assertThat(AppSubscriptions.status("not json".getBytes(UTF_8))).isEqualTo("SUCCESS");
  }
}
