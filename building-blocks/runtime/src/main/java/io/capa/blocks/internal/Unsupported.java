package io.capa.blocks.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * INTERNAL API. A building block whose module is not in this runtime: every call answers {@code
 * ERR_NOT_SUPPORTED} naming the block, as a failed stage where the method returns one.
 */
public final class Unsupported {
  private Unsupported() {}

  public static <T> T service(Class<T> api, String block) {
    Object proxy =
        Proxy.newProxyInstance(
            api.getClassLoader(),
            new Class<?>[] {api},
            (self, method, args) -> {
              switch (method.getName()) {
                case "toString":
                  if (method.getParameterCount() == 0) {
                    return "unsupported " + block + " building block";
                  }
                  break;
                case "hashCode":
                  if (method.getParameterCount() == 0) {
                    return System.identityHashCode(self);
                  }
                  break;
                case "equals":
                  if (method.getParameterCount() == 1) {
                    return self == args[0];
                  }
                  break;
                default:
                  break;
              }
              CapaException e =
                  new CapaException(
                      ErrorCode.NOT_SUPPORTED,
                      "the " + block + " building block is not part of this runtime (" + api.getSimpleName() + "."
                          + method.getName() + ")");
              if (CompletionStage.class.isAssignableFrom(method.getReturnType())) {
                return CompletableFuture.failedFuture(e);
              }
              throw e;
            });
    return api.cast(proxy);
  }
}
