package io.capa.api.state;

import java.util.Objects;

/** One operation of a state transaction; ETags and options of each operation are checked as for a single write. */
public sealed interface TransactionOperation {
  String key();

  record Upsert(SaveRequest request) implements TransactionOperation {
    public Upsert {
      Objects.requireNonNull(request, "upsert request");
    }

    @Override
    public String key() {
      return request.key();
    }
  }

  record Delete(DeleteRequest request) implements TransactionOperation {
    public Delete {
      Objects.requireNonNull(request, "delete request");
    }

    @Override
    public String key() {
      return request.key();
    }
  }

  static TransactionOperation upsert(String key, byte[] value) {
    return new Upsert(SaveRequest.of(key, value));
  }

  static TransactionOperation delete(String key) {
    return new Delete(DeleteRequest.of(key));
  }
}
