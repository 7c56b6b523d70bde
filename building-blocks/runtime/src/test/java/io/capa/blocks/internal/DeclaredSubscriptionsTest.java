package io.capa.blocks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeclaredSubscriptionsTest {
  @TempDir Path dir;

  @Test
  void read_bothShapes_scopesAndDeadLetter() throws Exception {
    Files.writeString(dir.resolve("subs.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Subscription
        metadata: {name: a}
        spec: {pubsubname: bus, topic: t1, route: /one, deadLetterTopic: dead}
        ---
        apiVersion: dapr.io/v2alpha1
        kind: Subscription
        metadata: {name: b}
        spec:
          pubsubname: bus
          topic: t2
          routes: {default: /two}
          metadata: {maxRetries: 5}
        scopes: [orders]
        ---
        apiVersion: dapr.io/v2alpha1
        kind: Subscription
        metadata: {name: c}
        spec: {pubsubname: bus, topic: t3, routes: {default: /three}}
        scopes: [billing]
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata: {name: bus}
        spec: {type: pubsub.in-memory}
        """);

    List<JsonNode> read = DeclaredSubscriptions.read(dir, "orders");

    assertThat(read).extracting(n -> n.get("topic").asText()).containsExactly("t1", "t2");
    assertThat(read.get(0).get("route").asText()).isEqualTo("/one");
    assertThat(read.get(0).get("deadLetterTopic").asText()).isEqualTo("dead");
    assertThat(read.get(1).get("route").asText()).isEqualTo("/two");
    assertThat(read.get(1).get("metadata").get("maxRetries").asText()).isEqualTo("5");
  }

  @Test
  void read_brokenFileAndIncompleteSpec_areSkippedOthersKept() throws Exception {
    Files.writeString(dir.resolve("a-broken.yaml"), "kind: Subscription\nspec: [\n");
    Files.writeString(dir.resolve("b-incomplete.yaml"),
        "kind: Subscription\nmetadata: {name: x}\nspec: {pubsubname: bus, route: /r}\n");
    Files.writeString(dir.resolve("c-good.yml"),
        "kind: Subscription\nmetadata: {name: y}\nspec: {pubsubname: bus, topic: ok, route: /r}\n");
    Files.writeString(dir.resolve("notes.txt"), "kind: Subscription");

    assertThat(DeclaredSubscriptions.read(dir, "app")).extracting(n -> n.get("topic").asText()).containsExactly("ok");
  }

  @Test
  void read_missingFolder_isEmpty() {
    assertThat(DeclaredSubscriptions.read(dir.resolve("none"), "app")).isEmpty();
  }
}
