package io.capa.api.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class StateRecordsTest {
  private static final byte[] VALUE = {1, 2, 3};

  @Test
  void saveRequest_blankKey_namesStateKey() {
    assertThatThrownBy(() -> SaveRequest.of("  ", VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("state key");
  }

  @Test
  void saveRequest_keyWithPrefixSeparator_rejected() {
    assertThatThrownBy(() -> SaveRequest.of("other-app||secret", VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("||");
  }

  @Test
  void saveRequest_negativeTtl_namesTtl() {
    assertThatThrownBy(() -> SaveRequest.of("k", VALUE).withTtl(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttl");
    assertThatThrownBy(() -> SaveRequest.of("k", VALUE).withTtl(Duration.ZERO))
        .hasMessageContaining("ttl");
  }

  @Test
  void saveRequest_blankEtag_namesEtag() {
    assertThatThrownBy(() -> SaveRequest.of("k", VALUE).withEtag(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("etag");
  }

  @Test
  void saveRequest_nulls_takeDefaults() {
    SaveRequest r = new SaveRequest("k", null, null, null, null, null);
    assertThat(r.value()).isEmpty();
    assertThat(r.etag()).isEmpty();
    assertThat(r.ttl()).isEmpty();
    assertThat(r.options()).isEqualTo(StateOptions.DEFAULT);
    assertThat(r.metadata()).isEmpty();
  }

  @Test
  void saveRequest_withers_keepOtherFields() {
    SaveRequest r =
        SaveRequest.of("k", VALUE)
            .withEtag("7")
            .withTtl(Duration.ofMinutes(5))
            .withOptions(new StateOptions(Consistency.STRONG, Concurrency.FIRST_WRITE));
    assertThat(r.etag()).contains("7");
    assertThat(r.ttl()).contains(Duration.ofMinutes(5));
    assertThat(r.options().consistency()).isEqualTo(Consistency.STRONG);
    assertThat(r.options().concurrency()).isEqualTo(Concurrency.FIRST_WRITE);
    assertThat(r.value()).containsExactly(VALUE);
  }

  @Test
  void saveRequest_metadataWithNullValue_namesKey() {
    Map<String, String> md = new HashMap<>();
    md.put("contentType", null);
    assertThatThrownBy(
            () -> new SaveRequest("k", VALUE, Optional.empty(), null, Optional.empty(), md))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contentType");
  }

  @Test
  void saveRequest_metadataChangedAfterwards_requestUnchanged() {
    Map<String, String> md = new HashMap<>(Map.of("a", "1"));
    SaveRequest r = new SaveRequest("k", VALUE, Optional.empty(), null, Optional.empty(), md);
    md.put("b", "2");
    assertThat(r.metadata()).containsOnlyKeys("a");
  }

  @Test
  void stateOptions_nulls_defaultToEventualLastWrite() {
    assertThat(new StateOptions(null, null)).isEqualTo(StateOptions.DEFAULT);
    assertThat(StateOptions.DEFAULT.consistency()).isEqualTo(Consistency.EVENTUAL);
    assertThat(StateOptions.DEFAULT.concurrency()).isEqualTo(Concurrency.LAST_WRITE);
  }

  @Test
  void deleteRequest_emptyKey_rejected() {
    assertThatThrownBy(() -> DeleteRequest.of("")).hasMessageContaining("state key");
  }

  @Test
  void stateTransaction_empty_rejected() {
    assertThatThrownBy(() -> new StateTransaction(List.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("transaction operations");
  }

  @Test
  void stateTransaction_duplicateKey_namesKey() {
    assertThatThrownBy(
            () ->
                StateTransaction.of(
                    TransactionOperation.upsert("order-1", VALUE), TransactionOperation.delete("order-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("order-1");
  }

  @Test
  void stateTransaction_nullOperation_namesIndex() {
    List<TransactionOperation> ops = new java.util.ArrayList<>();
    ops.add(TransactionOperation.upsert("a", VALUE));
    ops.add(null);
    assertThatThrownBy(() -> new StateTransaction(ops, null)).hasMessageContaining("index 1");
  }

  @Test
  void stateTransaction_distinctKeys_keepsOrder() {
    StateTransaction tx =
        StateTransaction.of(TransactionOperation.upsert("a", VALUE), TransactionOperation.delete("b"));
    assertThat(tx.operations()).extracting(TransactionOperation::key).containsExactly("a", "b");
    assertThat(tx.operations().get(1)).isInstanceOf(TransactionOperation.Delete.class);
  }

  @Test
  void bulkGetFailed_blankMessage_rejected() {
    assertThatThrownBy(() -> new BulkGetResult.Failed("k", ErrorCode.COMPONENT_FAILED, " "))
        .hasMessageContaining("message");
  }

  @Test
  void query_defaultImplementation_failsNotSupported() {
    StateService service = new UnqueryableStateService();
    assertThatThrownBy(() -> service.query("store", "{}", Map.of()).toCompletableFuture().join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(
            CapaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_SUPPORTED));
  }

  /** Only the default query method is under test; the other operations are never called. */
  private static final class UnqueryableStateService implements StateService {
    @Override
    public java.util.concurrent.CompletionStage<Optional<StateItem>> get(
        String store, String key, Consistency consistency, Map<String, String> metadata) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.util.concurrent.CompletionStage<List<BulkGetResult>> getBulk(
        String store, List<String> keys, Map<String, String> metadata) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> save(String store, List<SaveRequest> requests) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> delete(String store, DeleteRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> transact(String store, StateTransaction transaction) {
      throw new UnsupportedOperationException();
    }
  }
}
