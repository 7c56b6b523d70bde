package io.capa.capnp.rpc.internal;

import io.capa.capnp.rpc.Response;
import io.capa.capnp.rpc.RpcException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * INTERNAL API: the answer-to-be of one call, from the caller's side (and, for a call that
 * came from a peer, the answer the connection returns). Holds the pipelined capabilities
 * handed out on it, one per path, so that calls pipelined on one path keep their order.
 */
final class CallState {
  final CompletableFuture<Response> future = new CompletableFuture<>();
  final CompletableFuture<Void> canceled = new CompletableFuture<>();
  private final Map<List<Integer>, PipelineHook> pipelines = new HashMap<>();
  private ResponseImpl response;
  private RpcException error;
  private boolean done;
  /** Set in the loop when the call goes out as a question. */
  private ConnectionState connection;
  private ConnectionState.Question question;
  FlowWindow window;
  long streamBytes;

  /** The capability at {@code path} of the results, retained for the caller. */
  Hook pipeline(int[] path) {
    List<Integer> key = key(path);
    synchronized (this) {
      if (done) {
        if (error != null) {
          return new BrokenHook(error);
        }
        if (response.isClosed()) {
          throw new IllegalStateException("pipelined on a response that was closed");
        }
        return response.capabilityAt(path);
      }
      PipelineHook h = pipelines.get(key);
      if (h == null || !h.tryRetain()) {
        h = new PipelineHook(this, path.clone());
        pipelines.put(key, h);
        if (question != null) {
          h.goRemote(connection);
        }
        // The table keeps the first reference until the call settles.
        return h.retain();
      }
      return h;
    }
  }

  /** In {@code conn}'s loop: the call is now question {@code q} there. */
  void sentAs(ConnectionState conn, ConnectionState.Question q) {
    List<PipelineHook> hooks;
    synchronized (this) {
      connection = conn;
      question = q;
      hooks = new ArrayList<>(pipelines.values());
    }
    for (PipelineHook h : hooks) {
      h.goRemote(conn);
    }
  }

  synchronized ConnectionState.Question question() {
    return question;
  }

  synchronized boolean isDone() {
    return done;
  }

  void complete(ResponseImpl r) {
    settle(r, null, h -> r.capabilityAt(h.path));
  }

  /** Completes with results, each pipelined capability resolving to what {@code resolver} says. */
  void settle(ResponseImpl r, RpcException e, Function<PipelineHook, Hook> resolver) {
    List<PipelineHook> hooks;
    synchronized (this) {
      if (done) {
        if (r != null) {
          r.close();
        }
        return;
      }
      done = true;
      response = r;
      error = e;
      hooks = new ArrayList<>(pipelines.values());
      pipelines.clear();
    }
    for (PipelineHook h : hooks) {
      h.resolve(e != null ? new BrokenHook(e) : resolver.apply(h));
      h.release();
    }
    if (window != null) {
      window.returned(streamBytes, e);
    }
    if (e != null) {
      future.completeExceptionally(e);
    } else if (!future.complete(r)) {
      r.close();
    }
  }

  void fail(RpcException e) {
    settle(null, e, null);
  }

  static List<Integer> key(int[] path) {
    return Arrays.stream(path).boxed().toList();
  }
}
