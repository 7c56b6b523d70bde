package io.capa.secrets.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.components.spi.SecretStore;
import io.capa.secrets.SecretStoreConformance;
import io.capa.secrets.Specs;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs against the real environment; the build sets CAPA_CONFORMANCE_alpha and _beta (pom.xml). */
class EnvSecretStoreTest extends SecretStoreConformance {
  @Override
  protected SecretStore createStore() throws Exception {
    return (SecretStore) new LocalSecretStoreFactory().create(
        Specs.config("env", "secretstores.local.env", "prefix", "CAPA_CONFORMANCE_"), Specs.context(Path.of(".")));
  }

  @Test
  void bulkGet_withoutPrefix_holdsTheWholeEnvironment() throws Exception {
    SecretStore all = (SecretStore) new LocalSecretStoreFactory().create(
        Specs.config("env", "secretstores.local.env"), Specs.context(Path.of(".")));

    Map<String, Map<String, String>> secrets = get(all.bulkGet(Map.of()));

    assertThat(secrets).containsKeys("CAPA_CONFORMANCE_alpha", "PATH");
    assertThat(get(all.get("PATH", Map.of()))).isEqualTo(Map.of("PATH", System.getenv("PATH")));
  }
}
