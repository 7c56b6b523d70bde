package io.capa.capnp.rpc;

import java.util.Objects;

/**
 * Typed results of a call together with the response they are read from. Capabilities read
 * from {@link #value()} are borrowed from the response; {@link #close()} releases the ones
 * nobody kept with {@link Capability#dup()}.
 */
public final class Result<T> implements AutoCloseable {
  private final T value;
  private final Response response;

  public Result(T value, Response response) {
    this.value = value;
    this.response = Objects.requireNonNull(response, "response");
  }

  public T value() {
    return value;
  }

  public Response response() {
    return response;
  }

  @Override
  public void close() {
    response.close();
  }
}
