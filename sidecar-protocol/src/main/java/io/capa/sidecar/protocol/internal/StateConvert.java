package io.capa.sidecar.protocol.internal;

import io.capa.api.ErrorCode;
import io.capa.api.state.BulkGetResult;
import io.capa.api.state.Concurrency;
import io.capa.api.state.Consistency;
import io.capa.api.state.DeleteRequest;
import io.capa.api.state.SaveRequest;
import io.capa.api.state.StateItem;
import io.capa.api.state.StateOptions;
import io.capa.api.state.TransactionOperation;
import io.capa.sidecar.protocol.RuntimeProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** INTERNAL API: the state building block's records to and from runtime.capnp. */
public final class StateConvert {
  private StateConvert() {}

  public static RuntimeProtocol.Consistency consistency(Consistency c) {
    return c == Consistency.STRONG ? RuntimeProtocol.Consistency.STRONG : RuntimeProtocol.Consistency.EVENTUAL;
  }

  /** An enumerant a newer schema added reads as the default. */
  public static Consistency consistency(RuntimeProtocol.Consistency c) {
    return c == RuntimeProtocol.Consistency.STRONG ? Consistency.STRONG : Consistency.EVENTUAL;
  }

  private static RuntimeProtocol.Concurrency concurrency(Concurrency c) {
    return c == Concurrency.FIRST_WRITE ? RuntimeProtocol.Concurrency.FIRST_WRITE : RuntimeProtocol.Concurrency.LAST_WRITE;
  }

  private static Concurrency concurrency(RuntimeProtocol.Concurrency c) {
    return c == RuntimeProtocol.Concurrency.FIRST_WRITE ? Concurrency.FIRST_WRITE : Concurrency.LAST_WRITE;
  }

  public static void item(StateItem item, RuntimeProtocol.StateItem.Builder b) {
    b.setKey(item.key());
    b.setValue(item.value());
    b.setEtag(item.etag().orElse(""));
    Convert.entries(item.metadata(), b.initMetadata(item.metadata().size()));
  }

  public static StateItem item(RuntimeProtocol.StateItem.Reader r) {
    return new StateItem(r.getKey(), Convert.bytes(r.getValue()), text(r.getEtag()), Convert.entries(r.getMetadata()));
  }

  public static void bulkResult(BulkGetResult result, RuntimeProtocol.BulkStateResult.Builder b) {
    b.setKey(result.key());
    if (result instanceof BulkGetResult.Found f) {
      item(f.item(), b.initFound());
    } else if (result instanceof BulkGetResult.Failed f) {
      var failed = b.initFailed();
      failed.setCode(f.code().code());
      failed.setMessage(f.message());
    } else {
      b.setAbsent();
    }
  }

  public static BulkGetResult bulkResult(RuntimeProtocol.BulkStateResult.Reader r) {
    if (r.isFound()) {
      return new BulkGetResult.Found(item(r.getFound()));
    }
    if (r.isFailed()) {
      ErrorCode code = ErrorCode.fromCode(r.getFailed().getCode()).orElse(ErrorCode.INTERNAL);
      return new BulkGetResult.Failed(r.getKey(), code, r.getFailed().getMessage());
    }
    return new BulkGetResult.Absent(r.getKey());
  }

  public static void save(SaveRequest s, RuntimeProtocol.SaveState.Builder b) {
    b.setKey(s.key());
    b.setValue(s.value());
    b.setEtag(s.etag().orElse(""));
    b.setConsistency(consistency(s.options().consistency()));
    b.setConcurrency(concurrency(s.options().concurrency()));
    b.setTtlMillis(s.ttl().map(Convert::millis).orElse(0L));
    Convert.entries(s.metadata(), b.initMetadata(s.metadata().size()));
  }

  public static SaveRequest save(RuntimeProtocol.SaveState.Reader r) {
    return new SaveRequest(
        r.getKey(),
        Convert.bytes(r.getValue()),
        text(r.getEtag()),
        new StateOptions(consistency(r.getConsistency()), concurrency(r.getConcurrency())),
        Optional.ofNullable(Convert.millis(r.getTtlMillis())),
        Convert.entries(r.getMetadata()));
  }

  public static void delete(DeleteRequest d, RuntimeProtocol.DeleteState.Builder b) {
    b.setKey(d.key());
    b.setEtag(d.etag().orElse(""));
    b.setConsistency(consistency(d.options().consistency()));
    b.setConcurrency(concurrency(d.options().concurrency()));
    Convert.entries(d.metadata(), b.initMetadata(d.metadata().size()));
  }

  public static DeleteRequest delete(RuntimeProtocol.DeleteState.Reader r) {
    return new DeleteRequest(
        r.getKey(),
        text(r.getEtag()),
        new StateOptions(consistency(r.getConsistency()), concurrency(r.getConcurrency())),
        Convert.entries(r.getMetadata()));
  }

  public static void operations(List<TransactionOperation> ops, List<RuntimeProtocol.StateTransactionOp.Builder> out) {
    for (int i = 0; i < ops.size(); i++) {
      if (ops.get(i) instanceof TransactionOperation.Upsert u) {
        save(u.request(), out.get(i).initUpsert());
      } else if (ops.get(i) instanceof TransactionOperation.Delete d) {
        delete(d.request(), out.get(i).initDelete());
      }
    }
  }

  public static List<TransactionOperation> operations(List<RuntimeProtocol.StateTransactionOp.Reader> in) {
    List<TransactionOperation> out = new ArrayList<>(in.size());
    for (RuntimeProtocol.StateTransactionOp.Reader r : in) {
      out.add(r.isUpsert()
          ? new TransactionOperation.Upsert(save(r.getUpsert()))
          : new TransactionOperation.Delete(delete(r.getDelete())));
    }
    return out;
  }

  /** Empty text on the wire means "none". */
  static Optional<String> text(String s) {
    return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
  }
}
