package io.capa.api.state;

import io.capa.api.ErrorCode;
import io.capa.api.internal.Checks;
import java.util.Objects;

/** What a bulk read found for one key: each key succeeds or fails on its own. */
public sealed interface BulkGetResult {
  String key();

  record Found(StateItem item) implements BulkGetResult {
    public Found {
      Objects.requireNonNull(item, "item");
    }

    @Override
    public String key() {
      return item.key();
    }
  }

  record Absent(String key) implements BulkGetResult {
    public Absent {
      StateKeys.require(key);
    }
  }

  /** Reading this key failed; the others may still have been read. */
  record Failed(String key, ErrorCode code, String message) implements BulkGetResult {
    public Failed {
      StateKeys.require(key);
      Objects.requireNonNull(code, "code");
      Checks.requireText(message, "message");
    }
  }
}
