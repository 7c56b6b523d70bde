package io.capa.sdk.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * INTERNAL API: a building block this SDK cannot serve yet, as its service interface. Every call
 * fails with {@code ERR_NOT_SUPPORTED} naming the building block and why: a stage fails, a
 * publisher signals the error to its subscriber, anything else throws. Nothing is pretended.
 */
final class Unavailable {
  private Unavailable() {}

  static <T> T service(Class<T> type, String block, String why) {
    String message = "the " + block + " building block (" + type.getName() + ") is not available from the Java SDK"
        + " in this version: " + why;
    InvocationHandler handler = (proxy, method, args) -> answer(proxy, method, args, type, message);
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Object answer(Object proxy, Method method, Object[] args, Class<?> type, String message) {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> "Unavailable(" + type.getSimpleName() + ")";
      };
    }
    CapaException error = new CapaException(ErrorCode.NOT_SUPPORTED, message);
    Class<?> returns = method.getReturnType();
    if (CompletionStage.class.isAssignableFrom(returns)) {
      return CompletableFuture.failedFuture(error);
    }
    if (returns == Flow.Publisher.class) {
      Flow.Publisher<Object> failing = subscriber -> {
        subscriber.onSubscribe(new Flow.Subscription() {
          @Override
          public void request(long n) {}

          @Override
          public void cancel() {}
        });
        subscriber.onError(error);
      };
      return failing;
    }
    throw error;
  }
}
