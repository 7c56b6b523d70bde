package io.capa.bindings.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.bindings.BindingRequest;
import io.capa.api.bindings.BindingResponse;
import io.capa.bindings.api.ComponentBindingService;
import io.capa.components.testkit.MapComponents;
import io.capa.bindings.testing.TestConfigs;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every output binding must do, run against a real server by one subclass per binding type.
 * Subclasses create the binding and say what a valid call is and how to see its effect.
 */
public abstract class OutputBindingConformance {
  protected static final String NAME = "out";

  protected OutputBinding binding;
  protected ComponentBindingService service;

  /** A fresh binding on the real server; called before each test. */
  protected abstract OutputBinding createBinding() throws Exception;

  /** A call of one of the binding's operations that must succeed; distinct for each {@code n}. */
  protected abstract BindingRequest validRequest(String name, int n);

  /** Checks the effect of {@code sent} on the external system (the record is there, the file exists ...). */
  protected abstract void assertEffect(BindingRequest sent, BindingResponse response) throws Exception;

  @BeforeEach
  void createIt() throws Exception {
    binding = createBinding();
    service = new ComponentBindingService(new MapComponents().put(NAME, binding));
    TestConfigs.await("binding healthy: " + binding.health(), 30, () -> binding.health().up());
  }

  @AfterEach
  void closeIt() {
    binding.close();
  }

  @Test
  void invoke_validRequest_hasItsEffect() throws Exception {
    BindingRequest request = validRequest(NAME, 1);
    BindingResponse response = service.invoke(request).toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEffect(request, response);
  }

  @Test
  void invoke_unknownOperation_isNotSupportedAndNamesTheOperations() {
    String op = "op-" + UUID.randomUUID();
    assertThatThrownBy(() -> service.invoke(new BindingRequest(NAME, op, new byte[0], java.util.Map.of()))
            .toCompletableFuture().join())
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOf(CapaException.class)
        .hasMessageContaining(op)
        .hasMessageContaining(binding.operations().iterator().next())
        .satisfies(e -> assertThat(((CapaException) e).errorCode()).isEqualTo(ErrorCode.NOT_SUPPORTED));
  }

  @Test
  void invoke_unknownBinding_isComponentNotFound() {
    BindingRequest request = validRequest("missing-" + UUID.randomUUID(), 2);
    assertThatThrownBy(() -> service.invoke(request).toCompletableFuture().join())
        .cause().isInstanceOf(CapaException.class)
        .satisfies(e -> assertThat(((CapaException) e).errorCode()).isEqualTo(ErrorCode.COMPONENT_NOT_FOUND));
  }

  @Test
  void operations_areNotEmpty() {
    assertThat(binding.operations()).isNotEmpty();
  }

  @Test
  void flow_manyRequests_answersEachInOrder() throws Exception {
    List<BindingRequest> requests = new ArrayList<>();
    for (int i = 10; i < 30; i++) {
      requests.add(validRequest(NAME, i));
    }
    List<BindingResponse> responses = Source.from(requests).via(binding.flow(4))
        .runWith(Sink.seq(), BindingStreams.materializer())
        .toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertThat(responses).hasSize(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      assertEffect(requests.get(i), responses.get(i));
    }
  }
}
