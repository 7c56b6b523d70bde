package io.capa.persistence.jdbc.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

/**
 * INTERNAL API. CompletionStage to Scala Future for the plugin API, with the real failure: a
 * dependent stage wraps its cause in CompletionException, which Pekko would otherwise hand to
 * persistent actors as is.
 */
public final class ScalaFutures {
  private ScalaFutures() {}

  public static <T> Future<T> toScala(CompletionStage<T> stage) {
    CompletableFuture<T> out = new CompletableFuture<>();
    stage.whenComplete((value, error) -> {
      if (error == null) {
        out.complete(value);
      } else {
        out.completeExceptionally(
            error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error);
      }
    });
    return FutureConverters.asScala(out);
  }
}
