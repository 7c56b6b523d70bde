package io.capa.persistence.jdbc.internal;

import org.apache.pekko.Done;
import org.apache.pekko.persistence.state.javadsl.DurableStateUpdateStore;
import org.apache.pekko.persistence.state.javadsl.GetObjectResult;
import org.apache.pekko.persistence.state.scaladsl.GetObjectResult$;
import scala.concurrent.Future;
import scala.jdk.javaapi.OptionConverters;

/**
 * INTERNAL API. The scaladsl view of the Java store, which is what DurableStateBehavior calls.
 */
public final class ScalaStateStore<A>
    implements org.apache.pekko.persistence.state.scaladsl.DurableStateUpdateStore<A> {
  private final DurableStateUpdateStore<A> store;

  public ScalaStateStore(DurableStateUpdateStore<A> store) {
    this.store = store;
  }

  @Override
  public Future<org.apache.pekko.persistence.state.scaladsl.GetObjectResult<A>> getObject(
      String persistenceId) {
    return ScalaFutures.toScala(
        store.getObject(persistenceId).thenApply(ScalaStateStore::toScala));
  }

  private static <A> org.apache.pekko.persistence.state.scaladsl.GetObjectResult<A> toScala(
      GetObjectResult<A> r) {
    return GetObjectResult$.MODULE$.apply(OptionConverters.toScala(r.value()), r.revision());
  }

  @Override
  public Future<Done> upsertObject(String persistenceId, long revision, A value, String tag) {
    return ScalaFutures.toScala(store.upsertObject(persistenceId, revision, value, tag));
  }

  @Override
  @Deprecated
  @SuppressWarnings("deprecation")
  public Future<Done> deleteObject(String persistenceId) {
    return ScalaFutures.toScala(store.deleteObject(persistenceId));
  }

  @Override
  public Future<Done> deleteObject(String persistenceId, long revision) {
    return ScalaFutures.toScala(store.deleteObject(persistenceId, revision));
  }
}
