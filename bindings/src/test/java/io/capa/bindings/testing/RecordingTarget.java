package io.capa.bindings.testing;

import io.capa.bindings.spi.BindingTarget;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A target that records what reaches it and answers as {@code behaviour} says. */
public final class RecordingTarget implements BindingTarget {
  public final List<String> received = new CopyOnWriteArrayList<>();
  public final List<Map<String, String>> metadata = new CopyOnWriteArrayList<>();
  private volatile Function<String, CompletionStage<byte[]>> behaviour =
      s -> CompletableFuture.completedFuture(new byte[0]);

  public RecordingTarget behave(Function<String, CompletionStage<byte[]>> next) {
    this.behaviour = next;
    return this;
  }

  @Override
  public CompletionStage<byte[]> deliver(String binding, byte[] data, Map<String, String> md) {
    String value = new String(data, StandardCharsets.UTF_8);
    received.add(value);
    metadata.add(md);
    return behaviour.apply(value);
  }
}
