package io.capa.state.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** INTERNAL API: the errors every backend reports the same way. */
final class StoreErrors {
  private StoreErrors() {}

  static CapaException mismatch(String key) {
    return new CapaException(ErrorCode.ETAG_MISMATCH, "the ETag of state key '" + key + "' does not match its current version");
  }

  static CapaException failed(String store, String what, Throwable cause) {
    String detail = cause == null ? "" : ": " + describe(cause);
    return new CapaException(ErrorCode.COMPONENT_FAILED, "state store '" + store + "' " + what + detail, cause);
  }

  /**
   * The version an ETag names. Every backend writes ETags as decimal version numbers, so anything
   * else cannot come from this store.
   */
  static Optional<Long> version(Optional<String> etag) {
    if (etag.isEmpty()) {
      return Optional.empty();
    }
    try {
      long v = Long.parseLong(etag.get());
      if (v > 0) {
        return Optional.of(v);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CapaException(ErrorCode.ETAG_INVALID, "'" + etag.get() + "' is not an ETag of this store (expected a version number)");
  }

  static <T> CompletableFuture<T> failedFuture(Throwable t) {
    return CompletableFuture.failedFuture(t);
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static String describe(Throwable t) {
    Throwable u = unwrap(t);
    String m = u.getMessage();
    return m == null || m.isBlank() ? u.getClass().getSimpleName() : m;
  }
}
