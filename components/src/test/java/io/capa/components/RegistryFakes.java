package io.capa.components;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.components.spi.Component;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import io.capa.components.spi.SecretStore;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Component types for the registry's tests: a secret store, a store, and a store that fails. */
final class RegistryFakes {
  private RegistryFakes() {}

  /** How many more times {@code state.flaky} named so fails to create; set by each test. */
  static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();

  /** {@code secretstores.fake}: every metadata entry {@code name: value} is the secret {@code {name: value}}. */
  static final class FakeSecretStore implements SecretStore {
    final ComponentConfig config;

    FakeSecretStore(ComponentConfig config) {
      this.config = config;
    }

    @Override
    public CompletionStage<Map<String, String>> get(String key, Map<String, String> metadata) {
      String v = config.metadata().get(key);
      return v == null
          ? CompletableFuture.failedFuture(new CapaException(ErrorCode.SECRET_NOT_FOUND, "no secret " + key))
          : CompletableFuture.completedFuture(Map.of(key, v));
    }

    @Override
    public CompletionStage<Map<String, Map<String, String>>> bulkGet(Map<String, String> metadata) {
      return CompletableFuture.completedFuture(Map.of());
    }

    @Override
    public void close() {}
  }

  /** A store-like component that remembers its resolved metadata and whether it was closed. */
  static final class FakeStore implements Component {
    final ComponentConfig config;
    final AtomicBoolean closed = new AtomicBoolean();

    FakeStore(ComponentConfig config) {
      this.config = config;
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  static final class Factory implements ComponentFactory {
    @Override
    public Set<String> types() {
      return Set.of("secretstores.fake", "state.fake", "state.flaky");
    }

    @Override
    public Component create(ComponentConfig config, ComponentContext context) {
      switch (config.spec().type()) {
        case "secretstores.fake":
          return new FakeSecretStore(config);
        case "state.flaky":
          AtomicInteger left = FAILURES.computeIfAbsent(config.name(), k -> new AtomicInteger());
          if (left.getAndDecrement() > 0) {
            throw new IllegalStateException("backend refused the connection");
          }
          return new FakeStore(config);
        default:
          config.integer("port", 1); // bad metadata is reported with file and line
          return new FakeStore(config);
      }
    }
  }
}
