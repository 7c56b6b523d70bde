package io.capa.pubsub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeclarativeSubscriptionsTest {
  @TempDir Path dir;

  @Test
  void load_v2alpha1WithComponentsAndOtherKinds_readsOnlySubscriptions() throws Exception {
    Files.writeString(dir.resolve("pubsub.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata: {name: bus}
        spec: {type: pubsub.in-memory, version: v1}
        ---
        apiVersion: dapr.io/v2alpha1
        kind: Subscription
        metadata: {name: orders-sub}
        spec:
          pubsubname: bus
          topic: orders
          routes: {default: /orders}
          deadLetterTopic: orders-dead
          metadata: {maxRetries: 5}
        scopes: [checkout]
        """);
    Files.writeString(dir.resolve("v1.yml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Subscription
        metadata: {name: old}
        spec: {pubsubname: bus, topic: audit, route: /audit}
        """);

    var loaded = DeclarativeSubscriptions.load(dir, "checkout");
    assertThat(loaded.errors()).isEmpty();
    assertThat(loaded.subscriptions()).hasSize(2);
    var orders = loaded.subscriptions().get(0);
    assertThat(orders.name()).isEqualTo("orders-sub");
    assertThat(orders.route()).isEqualTo("/orders");
    assertThat(orders.subscription().topic()).isEqualTo("orders");
    assertThat(orders.subscription().deadLetterTopic()).contains("orders-dead");
    assertThat(orders.subscription().metadata()).containsEntry("maxRetries", "5");
    assertThat(loaded.subscriptions().get(1).route()).isEqualTo("/audit");

    assertThat(DeclarativeSubscriptions.load(dir, "other-app").subscriptions()).extracting(d -> d.name())
        .containsExactly("old");
  }

  @Test
  void load_badDocuments_areReportedAndOthersStillLoad() throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), """
        apiVersion: dapr.io/v2alpha1
        kind: Subscription
        metadata: {name: no-topic}
        spec: {pubsubname: bus, routes: {default: /x}}
        ---
        apiVersion: dapr.io/v2alpha1
        kind: Subscription
        metadata: {name: rules}
        spec: {pubsubname: bus, topic: t, routes: {rules: [{match: x, path: /y}], default: /x}}
        ---
        apiVersion: dapr.io/v9
        kind: Subscription
        metadata: {name: version}
        spec: {}
        ---
        apiVersion: dapr.io/v2alpha1
        kind: Subscription
        metadata: {name: good}
        spec: {pubsubname: bus, topic: t, routes: {default: /ok}}
        """);
    Files.writeString(dir.resolve("garbage.yaml"), "kind: [unclosed\n  : :\n");

    var loaded = DeclarativeSubscriptions.load(dir, "app");
    assertThat(loaded.subscriptions()).extracting(d -> d.name()).containsExactly("good");
    assertThat(loaded.errors()).hasSize(4);
    assertThat(String.join("\n", loaded.errors()))
        .contains("bad.yaml (document 1): spec.topic: missing")
        .contains("(document 2): spec.routes.rules")
        .contains("(document 3): apiVersion")
        .contains("garbage.yaml: not YAML");
  }
}
