package io.capa.secrets.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.components.spi.ComponentHealth;
import io.capa.components.spi.SecretStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. {@code secretstores.local.file}: secrets from a JSON or YAML file. The file's
 * modification time and size are checked on every access and the file is read again when they
 * changed; a version that cannot be read or parsed leaves the last good one serving, and the store
 * reports itself down until the file is good again.
 */
final class FileSecretStore implements SecretStore {
  private static final Logger log = LoggerFactory.getLogger(FileSecretStore.class);

  /** One read of the file. */
  private record Snapshot(FileTime modified, long size, Map<String, Map<String, String>> secrets) {}

  private final String name;
  private final Path file;
  private final SecretsFile format;
  private final Executor executor;
  private final Object lock = new Object();
  private volatile Snapshot current;
  private volatile String problem = "";

  /** Reads the file once: a store whose file is missing or broken is not created. */
  FileSecretStore(String name, Path file, SecretsFile format, Executor executor) throws IOException {
    this.name = name;
    this.file = file;
    this.format = format;
    this.executor = executor;
    this.current = read();
  }

  @Override
  public CompletionStage<Map<String, String>> get(String key, Map<String, String> metadata) {
    return CompletableFuture.supplyAsync(
        () -> {
          Map<String, String> secret = secrets().get(key);
          if (secret == null) {
            throw new CapaException(
                ErrorCode.SECRET_NOT_FOUND, "secret '" + key + "' not found in store '" + name + "' (" + file + ")");
          }
          return secret;
        },
        executor);
  }

  @Override
  public CompletionStage<Map<String, Map<String, String>>> bulkGet(Map<String, String> metadata) {
    return CompletableFuture.supplyAsync(this::secrets, executor);
  }

  @Override
  public ComponentHealth health() {
    String p = problem;
    return p.isEmpty() ? ComponentHealth.UP : ComponentHealth.down(p);
  }

  @Override
  public void close() {}

  private Map<String, Map<String, String>> secrets() {
    synchronized (lock) {
      try {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        Snapshot s = current;
        if (!attrs.lastModifiedTime().equals(s.modified()) || attrs.size() != s.size()) {
          current = read();
          problem = "";
          log.info("secret store '{}': read {} again", name, file);
        }
      } catch (IOException | RuntimeException e) {
        String why = "cannot read " + file + " (" + e.getMessage() + "); the last good version serves";
        if (!why.equals(problem)) {
          log.warn("secret store '{}': {}", name, why);
        }
        problem = why;
      }
      return current.secrets();
    }
  }

  private Snapshot read() throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
    String text = Files.readString(file);
    return new Snapshot(attrs.lastModifiedTime(), attrs.size(), format.parse(text));
  }
}
