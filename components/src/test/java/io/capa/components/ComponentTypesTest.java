package io.capa.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.components.api.ComponentParseException;
import io.capa.components.api.ComponentSpec;
import io.capa.components.internal.ComponentYamlParser;
import io.capa.components.spi.ComponentFactory;
import io.capa.components.spi.ComponentTypes;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComponentTypesTest {
  private static final Path FILE = Path.of("components", "x.yaml");

  @Test
  void discover_registeredFactory_listsItsTypes() {
    assertThat(ComponentTypes.discover().known()).contains("state.test", "state.test2");
  }

  @Test
  void requireKnownType_unknownType_namesTypeFileAndKnownTypes() {
    ComponentSpec spec = spec("state.foo", "v1", "h");
    assertThatThrownBy(() -> ComponentTypes.discover().requireKnownType(spec))
        .isInstanceOf(ComponentParseException.class)
        .hasMessageContaining("unknown component type 'state.foo' in " + FILE + ":1")
        .hasMessageContaining("known: [")
        .hasMessageContaining("state.test");
  }

  @Test
  void validate_knownTypeAndGoodMetadata_returnsTheFactory() {
    ComponentFactory factory = ComponentTypes.discover().validate(spec("state.test", "v2", "h"));
    assertThat(factory).isInstanceOf(TestStateFactory.class);
  }

  @Test
  void validate_unacceptedVersion_namesAcceptedVersions() {
    assertThatThrownBy(() -> ComponentTypes.discover().validate(spec("state.test", "v9", "h")))
        .isInstanceOf(ComponentParseException.class)
        .hasMessageContaining("spec.version")
        .hasMessageContaining("'v9'")
        .hasMessageContaining("[v1, v2]");
  }

  @Test
  void validate_missingMetadataField_namesTheField() {
    String yaml = "kind: Component\nmetadata: {name: s}\nspec: {type: state.test}\n";
    ComponentSpec spec = ComponentYamlParser.parse(FILE, yaml).get(0);
    assertThatThrownBy(() -> ComponentTypes.discover().validate(spec))
        .isInstanceOf(ComponentParseException.class)
        .hasMessageContaining(FILE + ":1")
        .hasMessageContaining("host: missing");
  }

  @Test
  void of_twoFactoriesForOneType_isRefused() {
    ComponentFactory other =
        new ComponentFactory() {
          @Override
          public Set<String> types() {
            return Set.of("state.test");
          }

          @Override
          public io.capa.components.spi.Component create(
              io.capa.components.spi.ComponentConfig config, io.capa.components.spi.ComponentContext context) {
            throw new UnsupportedOperationException("discovery only");
          }
        };
    assertThatThrownBy(() -> ComponentTypes.of(List.of(new TestStateFactory(), other)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'state.test'");
  }

  private static ComponentSpec spec(String type, String version, String host) {
    String yaml = Fixtures.component("s", type, host).replace("version: v1", "version: " + version);
    return ComponentYamlParser.parse(FILE, yaml).get(0);
  }
}
