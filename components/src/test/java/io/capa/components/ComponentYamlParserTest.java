package io.capa.components;

import static io.capa.components.Fixtures.lineOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.capa.components.api.ComponentError;
import io.capa.components.api.ComponentParseException;
import io.capa.components.api.ComponentSpec;
import io.capa.components.api.MetadataValue;
import io.capa.components.internal.ComponentYamlParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComponentYamlParserTest {
  private static final Path FILE = Path.of("components", "redis.yaml");

  static final String DAPR_FILE =
      """
      apiVersion: dapr.io/v1alpha1
      kind: Component
      metadata:
        name: statestore
        namespace: default
      spec:
        type: state.redis
        version: v1
        initTimeout: 1m
        metadata:
        - name: redisHost
          value: localhost:6379
        - name: redisPassword
          secretKeyRef:
            name: redis-secret
            key: password
        - name: enableTLS
          value: false
        - name: actorStateStore
          value: "true"
      auth:
        secretStore: localsecretstore
      scopes:
      - app1
      - app2
      """;

  @Test
  void parse_daprFile_keepsValuesSecretRefsScopesAndVersion() {
    List<ComponentSpec> specs = ComponentYamlParser.parse(FILE, DAPR_FILE);

    assertThat(specs).hasSize(1);
    ComponentSpec spec = specs.get(0);
    assertThat(spec.name()).isEqualTo("statestore");
    assertThat(spec.type()).isEqualTo("state.redis");
    assertThat(spec.version()).isEqualTo("v1");
    assertThat(spec.metadata().keySet())
        .containsExactly("redisHost", "redisPassword", "enableTLS", "actorStateStore");
    assertThat(spec.metadata().get("redisHost")).isEqualTo(new MetadataValue.Plain("localhost:6379"));
    assertThat(spec.metadata().get("redisPassword"))
        .isEqualTo(new MetadataValue.SecretRef("redis-secret", "password"));
    assertThat(spec.metadata().get("enableTLS")).isEqualTo(new MetadataValue.Plain("false"));
    assertThat(spec.metadata().get("actorStateStore")).isEqualTo(new MetadataValue.Plain("true"));
    assertThat(spec.secretStore()).isEqualTo(Optional.of("localsecretstore"));
    assertThat(spec.scopes()).containsExactly("app1", "app2");
    assertThat(spec.source()).isEqualTo(FILE);
    assertThat(spec.line()).isEqualTo(lineOf(DAPR_FILE, "apiVersion"));
    assertThat(spec.appliesTo("app2")).isTrue();
    assertThat(spec.appliesTo("other")).isFalse();
  }

  @Test
  void parse_minimalFile_defaultsVersionAndKeyAndScopes() {
    String yaml =
        """
        kind: Component
        metadata: {name: s}
        spec:
          type: secretstores.local.env
          metadata:
          - name: pw
            secretKeyRef: {name: only-name}
        """;
    ComponentSpec spec = ComponentYamlParser.parse(FILE, yaml).get(0);
    assertThat(spec.version()).isEqualTo(ComponentYamlParser.DEFAULT_VERSION);
    assertThat(spec.metadata().get("pw")).isEqualTo(new MetadataValue.SecretRef("only-name", "only-name"));
    assertThat(spec.scopes()).isEmpty();
    assertThat(spec.secretStore()).isEmpty();
    assertThat(spec.appliesTo("anyone")).isTrue();
  }

  @Test
  void parse_multiDocumentWithOtherKinds_keepsOnlyComponents() {
    String yaml =
        Fixtures.component("a", "state.test", "h1")
            + "---\n"
            + "apiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n  name: cfg\nspec: {}\n"
            + "---\n"
            + "apiVersion: dapr.io/v2alpha1\nkind: Subscription\nmetadata:\n  name: sub\n"
            + "---\n"
            + Fixtures.component("b", "pubsub.test", "h2");
    List<ComponentSpec> specs = ComponentYamlParser.parse(FILE, yaml);
    assertThat(specs).extracting(ComponentSpec::name).containsExactly("a", "b");
    assertThat(specs.get(1).line()).isEqualTo(lineOf(yaml, "kind: Component\nmetadata:\n  name: b") - 1);
  }

  @Test
  void parse_notYaml_namesFileAndLine() {
    String yaml = "kind: Component\nmetadata:\n  name: [unclosed\nspec: {type: x}\n";
    ComponentError error = errorOf(yaml);
    assertThat(error.file()).isEqualTo(FILE);
    assertThat(error.line()).isGreaterThan(1);
    assertThat(error.problem()).startsWith("not valid YAML");
    assertThat(error.message()).startsWith(FILE + ":" + error.line() + ": ");
  }

  @Test
  void parse_binaryGarbage_isAClearError() {
    ComponentError error = errorOf("\u0000\u0001\u0002 {{{ ::: ]]]");
    assertThat(error.file()).isEqualTo(FILE);
    assertThat(error.problem()).startsWith("not valid YAML");
  }

  @Test
  void parse_scalarDocument_saysWhatWasExpected() {
    ComponentError error = errorOf("just some words\n");
    assertThat(error.line()).isEqualTo(1);
    assertThat(error.problem()).contains("expected a component document").contains("'just some words'");
  }

  @Test
  void parse_metadataIsAMapping_namesKeyAndLine() {
    String yaml = "kind: Component\nmetadata: {name: s}\nspec:\n  type: state.x\n  metadata:\n    redisHost: h\n";
    ComponentError error = errorOf(yaml);
    assertThat(error.key()).isEqualTo("spec.metadata");
    assertThat(error.line()).isEqualTo(lineOf(yaml, "redisHost"));
    assertThat(error.problem()).contains("expected a list").contains("a mapping");
  }

  @Test
  void parse_scopesIsAString_namesKey() {
    String yaml = "kind: Component\nmetadata: {name: s}\nspec: {type: state.x}\nscopes: app1\n";
    ComponentError error = errorOf(yaml);
    assertThat(error.key()).isEqualTo("scopes");
    assertThat(error.line()).isEqualTo(lineOf(yaml, "scopes"));
  }

  @Test
  void parse_missingName_namesFileLineAndKey() {
    String yaml = "kind: Component\nmetadata:\n  namespace: default\nspec:\n  type: state.x\n";
    ComponentError error = errorOf(yaml);
    assertThat(error.key()).isEqualTo("metadata.name");
    assertThat(error.problem()).isEqualTo("missing");
    assertThat(error.line()).isEqualTo(lineOf(yaml, "namespace"));
    assertThat(error.message()).isEqualTo(FILE + ":" + error.line() + ": metadata.name: missing");
  }

  @Test
  void parse_missingType_namesKey() {
    String yaml = "kind: Component\nmetadata:\n  name: s\nspec:\n  version: v1\n";
    ComponentError error = errorOf(yaml);
    assertThat(error.key()).isEqualTo("spec.type");
    assertThat(error.line()).isEqualTo(lineOf(yaml, "version"));
  }

  @Test
  void parse_missingKind_isRefused() {
    ComponentError error = errorOf("metadata: {name: s}\nspec: {type: state.x}\n");
    assertThat(error.key()).isEqualTo("kind");
  }

  @Test
  void parse_metadataEntryWithoutValue_namesEntry() {
    String yaml =
        "kind: Component\nmetadata:\n  name: s\nspec:\n  type: state.x\n  metadata:\n"
            + "  - name: a\n    value: 1\n  - name: redisPassword\n";
    ComponentError error = errorOf(yaml);
    assertThat(error.message())
        .isEqualTo(FILE + ":" + lineOf(yaml, "- name: redisPassword")
            + ": spec.metadata[1]: needs 'value' or 'secretKeyRef'");
  }

  @Test
  void parse_valueAndSecretRefTogether_isRefused() {
    String yaml =
        "kind: Component\nmetadata: {name: s}\nspec:\n  type: state.x\n  metadata:\n"
            + "  - name: a\n    value: x\n    secretKeyRef: {name: n}\n";
    assertThat(errorOf(yaml).problem()).contains("both 'value' and 'secretKeyRef'");
  }

  @Test
  void parse_valueIsAList_namesEntry() {
    String yaml =
        "kind: Component\nmetadata: {name: s}\nspec:\n  type: state.x\n  metadata:\n"
            + "  - name: a\n    value: [1, 2]\n";
    ComponentError error = errorOf(yaml);
    assertThat(error.key()).isEqualTo("spec.metadata[0].value");
    assertThat(error.problem()).contains("a list");
  }

  @Test
  void parse_sameNameTwiceInOneFile_isRefused() {
    String yaml = Fixtures.component("a", "state.x", "h") + "---\n" + Fixtures.component("a", "state.y", "h");
    ComponentError error = errorOf(yaml);
    assertThat(error.problem()).contains("'a' is already defined at line 1");
  }

  private static ComponentError errorOf(String yaml) {
    ComponentParseException e =
        catchThrowableOfType(ComponentParseException.class, () -> ComponentYamlParser.parse(FILE, yaml));
    assertThat(e).as("a parse error").isNotNull();
    assertThat(e.getMessage()).isEqualTo(e.error().message());
    return e.error();
  }
}
