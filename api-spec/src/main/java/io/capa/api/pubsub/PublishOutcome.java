package io.capa.api.pubsub;

import io.capa.api.ErrorCode;
import io.capa.api.internal.Checks;
import java.util.Objects;

/** What happened to one entry of a bulk publish. */
public sealed interface PublishOutcome {
  String entryId();

  /** The broker accepted the entry; {@code eventId} is the CloudEvent id subscribers will see. */
  record Published(String entryId, String eventId) implements PublishOutcome {
    public Published {
      Checks.requireText(entryId, "entryId");
      Checks.requireText(eventId, "eventId");
    }
  }

  /** The entry was not published; publishing it again is safe. */
  record Failed(String entryId, ErrorCode code, String message) implements PublishOutcome {
    public Failed {
      Checks.requireText(entryId, "entryId");
      Objects.requireNonNull(code, "code");
      Checks.requireText(message, "message");
    }
  }
}
