package io.capa.bindings.internal.kafka;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.pekko.kafka.ProducerMessage;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.kafka.javadsl.Producer;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * INTERNAL API. Calls into one running {@code Producer.flexiFlow}:
 *
 * <pre>
 *  send ─► bounded queue (full → ERR_OVERLOADED-like refusal) ─► flexiFlow ─► complete the caller
 * </pre>
 *
 * A producer error fails the flow, and with it every call in flight; the next send materializes a
 * fresh flow (a fresh producer).
 */
final class ProducerPipe implements AutoCloseable {
  private static final int BUFFER = 1024;

  private final ProducerSettings<byte[], byte[]> settings;
  private final Materializer materializer;
  private final Set<CompletableFuture<RecordMetadata>> inFlight = ConcurrentHashMap.newKeySet();
  private BoundedSourceQueue<ProducerMessage.Envelope<byte[], byte[], CompletableFuture<RecordMetadata>>> queue;
  private boolean closed;

  ProducerPipe(ProducerSettings<byte[], byte[]> settings, Materializer materializer) {
    this.settings = settings;
    this.materializer = materializer;
  }

  CompletionStage<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
    CompletableFuture<RecordMetadata> promise = new CompletableFuture<>();
    inFlight.add(promise);
    promise.whenComplete((m, e) -> inFlight.remove(promise));
    QueueOfferResult offered = queue().offer(ProducerMessage.single(record, promise));
    if (!offered.isEnqueued()) {
      promise.completeExceptionally(new CapaException(ErrorCode.OVERLOADED,
          "the Kafka producer has " + BUFFER + " records waiting; retry later"));
    }
    return promise;
  }

  private synchronized BoundedSourceQueue<ProducerMessage.Envelope<byte[], byte[], CompletableFuture<RecordMetadata>>> queue() {
    if (closed) {
      throw new CapaException(ErrorCode.COMPONENT_FAILED, "the Kafka binding is closed");
    }
    if (queue == null) {
      var materialized = Source.<ProducerMessage.Envelope<byte[], byte[], CompletableFuture<RecordMetadata>>>queue(BUFFER)
          .via(Producer.flexiFlow(settings))
          .toMat(Sink.foreach(results -> {
            if (results instanceof ProducerMessage.Result<byte[], byte[], CompletableFuture<RecordMetadata>> r) {
              r.passThrough().complete(r.metadata());
            }
          }), Keep.both())
          .run(materializer);
      var current = materialized.first();
      queue = current;
      materialized.second().whenComplete((done, error) -> ended(current, error));
    }
    return queue;
  }

  private void ended(Object which, Throwable error) {
    synchronized (this) {
      if (queue == which) {
        queue = null;
      }
    }
    String why = error == null ? "the producer stopped" : error.getMessage();
    for (CompletableFuture<RecordMetadata> p : inFlight) {
      p.completeExceptionally(new CapaException(ErrorCode.COMPONENT_FAILED, "Kafka producer failed: " + why, error));
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (queue != null) {
      queue.complete();
      queue = null;
    }
  }
}
