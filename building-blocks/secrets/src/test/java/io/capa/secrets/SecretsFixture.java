package io.capa.secrets;

import io.capa.components.api.ComponentRegistry;
import io.capa.components.api.ComponentsFolder;
import io.capa.components.spi.ComponentTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A components folder with a {@code secretstores.local.file} store named {@code files} (secrets
 * {@code db-password = s3cret}, {@code api:token = t0k}) and a {@code secretstores.local.env} store
 * named {@code env}, served by a real registry.
 */
public final class SecretsFixture implements AutoCloseable {
  public final ComponentsFolder folder;
  public final ComponentRegistry registry;

  public SecretsFixture(Path dir) throws IOException {
    Path secrets = dir.resolve("secrets.yaml.data");
    Files.writeString(secrets, "db-password: s3cret\napi:\n  token: t0k\n");
    Files.writeString(dir.resolve("files.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: files
        spec:
          type: secretstores.local.file
          version: v1
          metadata:
          - name: secretsFile
            value: %s
        """.formatted(secrets));
    Files.writeString(dir.resolve("env.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: env
        spec:
          type: secretstores.local.env
          version: v1
          metadata:
          - name: prefix
            value: CAPA_CONFORMANCE_
        """);
    folder = ComponentsFolder.load(dir);
    registry = ComponentRegistry.start(folder, ComponentTypes.discover(), Specs.context(dir));
  }

  @Override
  public void close() {
    registry.close();
    folder.close();
  }
}
