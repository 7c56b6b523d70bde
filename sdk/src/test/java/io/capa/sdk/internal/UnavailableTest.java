package io.capa.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.configuration.ConfigurationRequest;
import io.capa.api.configuration.ConfigurationService;
import io.capa.api.configuration.ConfigurationUpdate;
import io.capa.api.sequencer.Increment;
import io.capa.api.sequencer.NextIdRequest;
import io.capa.api.sequencer.SequencerService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class UnavailableTest {
  @Test
  void stageMethod_failsNotSupportedNamingTheBlock() {
    SequencerService s = Unavailable.service(SequencerService.class, "sequencer", "not built yet");

    Throwable t = catchThrowable(() -> s.nextId(NextIdRequest.of("store", "k", Increment.WEAK)).toCompletableFuture()
        .join());

    assertThat(t).hasCauseInstanceOf(CapaException.class);
    CapaException e = (CapaException) t.getCause();
    assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_SUPPORTED);
    assertThat(e.getMessage()).contains("sequencer building block").contains(SequencerService.class.getName())
        .contains("not built yet");
    assertThat(s.toString()).contains("SequencerService");
  }

  @Test
  void publisherMethod_signalsTheErrorToItsSubscriber() {
    ConfigurationService c = Unavailable.service(ConfigurationService.class, "configuration", "not built yet");
    CompletableFuture<Throwable> error = new CompletableFuture<>();

    c.subscribe(new ConfigurationRequest("store", List.of("k"), java.util.Map.of())).subscribe(
        new Flow.Subscriber<ConfigurationUpdate>() {
          @Override
          public void onSubscribe(Flow.Subscription s) {
            s.request(1);
          }

          @Override
          public void onNext(ConfigurationUpdate item) {
            error.completeExceptionally(new AssertionError("no item expected"));
          }

          @Override
          public void onError(Throwable t) {
            error.complete(t);
          }

          @Override
          public void onComplete() {
            error.completeExceptionally(new AssertionError("no completion expected"));
          }
        });

    assertThat(error).succeedsWithin(Duration.ofSeconds(1)).isInstanceOf(CapaException.class)
        .extracting(Throwable::getMessage).asString().contains("configuration building block");
  }
}
