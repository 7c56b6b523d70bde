package io.capa.bindings.api;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.bindings.BindingRequest;
import io.capa.api.bindings.BindingResponse;
import io.capa.api.bindings.BindingService;
import io.capa.bindings.spi.OutputBinding;
import io.capa.components.api.Components;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Output bindings by component name: looks the binding up on every call (so a reloaded component is
 * used at once), checks the operation, and turns anything thrown into a {@link CapaException}.
 */
public final class ComponentBindingService implements BindingService {
  private final Components components;

  public ComponentBindingService(Components components) {
    this.components = Objects.requireNonNull(components, "components");
  }

  @Override
  public CompletionStage<BindingResponse> invoke(BindingRequest request) {
    try {
      OutputBinding binding = components.require(request.name(), OutputBinding.class, "output binding");
      if (!binding.direction().output()) {
        return CompletableFuture.failedStage(new CapaException(ErrorCode.NOT_SUPPORTED,
            "binding '" + request.name() + "' is an input binding only (direction metadata)"));
      }
      if (!binding.operations().contains(request.operation())) {
        return CompletableFuture.failedStage(new CapaException(ErrorCode.NOT_SUPPORTED,
            "binding '" + request.name() + "' does not support operation '" + request.operation()
                + "'; it supports " + new TreeSet<>(binding.operations())));
      }
      return binding.invoke(request);
    } catch (CapaException e) {
      return CompletableFuture.failedStage(e);
    } catch (RuntimeException e) {
      return CompletableFuture.failedStage(new CapaException(ErrorCode.COMPONENT_FAILED,
          "binding '" + request.name() + "' failed: " + e.getMessage(), e));
    }
  }
}
