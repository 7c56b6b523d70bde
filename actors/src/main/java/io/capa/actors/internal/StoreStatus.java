package io.capa.actors.internal;

import com.typesafe.config.ConfigFactory;
import io.capa.actors.api.PersistenceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API: whether the journal the actors write to is reachable, as this node sees it.
 *
 * <p>Only a probe changes the state: a replay of a persistence id that never has events, sent to the
 * configured journal plugin exactly as an actor's recovery would be (through the plugin's circuit
 * breaker and connection pool). Entities that see a write or a recovery fail only <em>suspect</em>
 * the store, which runs a probe at once; so one actor with unreadable data does not mark a healthy
 * store as down, while a store that went away is noticed by the first turn that could not be saved.
 * While the store is down a probe runs every {@link #RETRY} until one succeeds, so the node recovers by
 * itself when the store returns.
 *
 * <p>While down, {@link ActorInvoker} answers calls at once with {@code ERR_PERSISTENCE_UNAVAILABLE}
 * instead of letting them wait in entities whose recovery cannot finish.
 */
public final class StoreStatus {
  static final String PROBE_ID = "capa-store-probe";
  private static final Duration RETRY = Duration.ofMillis(500);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(15);
  private static final Logger LOG = LoggerFactory.getLogger(StoreStatus.class);

  private final ActorSystem<?> system;
  private final String journalPluginId;
  private final AtomicBoolean probing = new AtomicBoolean();
  private volatile PersistenceStatus status;
  private volatile long lastDownNanos;
  private volatile boolean stopped;

  StoreStatus(ActorSystem<?> system, String journalPluginId) {
    this.system = system;
    this.journalPluginId = journalPluginId;
    this.status = new PersistenceStatus(true, "", Instant.now());
    this.lastDownNanos = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
  }

  public PersistenceStatus current() {
    return status;
  }

  boolean down() {
    return !status.available();
  }

  /** True when the store was down at some point in the last {@code window} (for late failures). */
  boolean downWithin(Duration window) {
    return down() || System.nanoTime() - lastDownNanos < window.toNanos();
  }

  /** Something failed that may be the store's fault; a probe finds out. Cheap when one runs. */
  void suspect(String what) {
    if (!stopped && probing.compareAndSet(false, true)) {
      LOG.debug("store suspected after {}; probing", what);
      probe();
    }
  }

  void stop() {
    stopped = true;
  }

  private void probe() {
    ActorRef journal = Persistence.get(Adapter.toClassic(system)).journalFor(journalPluginId, ConfigFactory.empty());
    CompletionStage<Object> reply =
        Patterns.askWithReplyTo(
            journal, replyTo -> new JournalProtocol.ReplayMessages(1L, 0L, 0L, PROBE_ID, replyTo), PROBE_TIMEOUT);
    reply.whenComplete(
        (answer, error) -> {
          if (error == null && answer instanceof JournalProtocol.RecoverySuccess) {
            up();
            probing.set(false);
            return;
          }
          Throwable cause =
              error != null
                  ? error
                  : answer instanceof JournalProtocol.ReplayMessagesFailure f ? f.cause() : null;
          down(cause != null ? describe(cause) : "unexpected journal answer " + answer);
          if (stopped) {
            probing.set(false);
            return;
          }
          system.scheduler().scheduleOnce(RETRY, this::probe, system.executionContext());
        });
  }

  private void up() {
    PersistenceStatus was = status;
    if (!was.available()) {
      status = new PersistenceStatus(true, "", Instant.now());
      LOG.info(
          "the actor state store ({}) is reachable again after {} ms",
          journalPluginId,
          Duration.between(was.since(), status.since()).toMillis());
    }
  }

  private void down(String detail) {
    lastDownNanos = System.nanoTime();
    PersistenceStatus was = status;
    if (was.available()) {
      status = new PersistenceStatus(false, detail, Instant.now());
      LOG.warn("the actor state store ({}) is unavailable: {}", journalPluginId, detail);
    } else if (!was.detail().equals(detail)) {
      status = new PersistenceStatus(false, detail, was.since());
    }
  }

  /** The innermost message, which names what actually failed (a refused connection, a timeout). */
  static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = root.getMessage();
    return root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
  }
}
