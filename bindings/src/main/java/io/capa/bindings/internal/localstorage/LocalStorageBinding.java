package io.capa.bindings.internal.localstorage;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.bindings.BindingRequest;
import io.capa.api.bindings.BindingResponse;
import io.capa.bindings.spi.OutputBinding;
import io.capa.components.spi.ComponentHealth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * INTERNAL API. {@code bindings.localstorage}: files under {@code rootPath}, named by the request's
 * {@code fileName} metadata, which may not leave the root ({@code ..}, absolute paths and symbolic
 * links pointing out are refused).
 */
final class LocalStorageBinding implements OutputBinding {
  private static final Set<String> OPERATIONS = Set.of("create", "get", "list", "delete");

  private final String name;
  private final Path root;
  private final Executor blocking;

  LocalStorageBinding(String name, Path root, Executor blocking) {
    this.name = name;
    this.root = root;
    this.blocking = blocking;
  }

  @Override
  public Set<String> operations() {
    return OPERATIONS;
  }

  @Override
  public ComponentHealth health() {
    return Files.isDirectory(root) && Files.isWritable(root)
        ? ComponentHealth.UP
        : ComponentHealth.down("rootPath " + root + " is not a writable directory");
  }

  @Override
  public CompletionStage<BindingResponse> invoke(BindingRequest request) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return switch (request.operation()) {
          case "create" -> create(request);
          case "get" -> new BindingResponse(Files.readAllBytes(file(request, true)), Map.of());
          case "delete" -> delete(request);
          default -> list();
        };
      } catch (NoSuchFileException e) {
        throw new CapaException(ErrorCode.FILE_NOT_FOUND,
            "binding '" + name + "': no file " + request.metadata().get("fileName"));
      } catch (IOException e) {
        throw new CapaException(ErrorCode.COMPONENT_FAILED, "binding '" + name + "': " + e, e);
      }
    }, blocking);
  }

  private BindingResponse create(BindingRequest request) throws IOException {
    String fileName = request.metadata().getOrDefault("fileName", UUID.randomUUID().toString());
    Path file = resolve(fileName);
    Files.createDirectories(file.getParent());
    // Write aside, then move: a reader never sees half a file.
    Path temp = Files.createTempFile(file.getParent(), ".capa-", ".tmp");
    try {
      Files.write(temp, request.data());
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    return new BindingResponse(new byte[0], Map.of("fileName", root.relativize(file).toString()));
  }

  private BindingResponse delete(BindingRequest request) throws IOException {
    if (!Files.deleteIfExists(file(request, true))) {
      throw new NoSuchFileException(request.metadata().get("fileName"));
    }
    return new BindingResponse(new byte[0], Map.of());
  }

  private BindingResponse list() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      String json = files.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .filter(n -> !n.startsWith(".capa-"))
          .sorted()
          .map(n -> "\"" + n.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
          .collect(Collectors.joining(",", "[", "]"));
      return new BindingResponse(json.getBytes(StandardCharsets.UTF_8), Map.of());
    }
  }

  private Path file(BindingRequest request, boolean required) {
    String fileName = request.metadata().get("fileName");
    if (required && (fileName == null || fileName.isBlank())) {
      throw new CapaException(ErrorCode.INVALID_REQUEST,
          "binding '" + name + "': metadata fileName is required for " + request.operation());
    }
    return resolve(fileName);
  }

  /** The file under the root, or INVALID_REQUEST when the name would leave it. */
  private Path resolve(String fileName) {
    Path candidate;
    try {
      Path relative = Path.of(fileName);
      if (relative.isAbsolute() || fileName.isBlank()) {
        throw outside(fileName);
      }
      candidate = root.resolve(relative).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      throw new CapaException(ErrorCode.INVALID_REQUEST, "binding '" + name + "': fileName '" + fileName
          + "' is not a valid file name: " + e.getReason());
    }
    if (!candidate.startsWith(root) || candidate.equals(root)) {
      throw outside(fileName);
    }
    // A symbolic link inside the root may still point out of it.
    try {
      Path parent = candidate.getParent();
      if (Files.exists(parent) && !parent.toRealPath().startsWith(root.toRealPath())) {
        throw outside(fileName);
      }
      if (Files.isSymbolicLink(candidate) && !candidate.toRealPath().startsWith(root.toRealPath())) {
        throw outside(fileName);
      }
    } catch (IOException e) {
      throw new CapaException(ErrorCode.COMPONENT_FAILED, "binding '" + name + "': " + e, e);
    }
    return candidate;
  }

  private CapaException outside(String fileName) {
    return new CapaException(ErrorCode.INVALID_REQUEST,
        "binding '" + name + "': fileName '" + fileName + "' points outside rootPath");
  }

  @Override
  public void close() {}
}
