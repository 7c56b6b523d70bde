package io.capa.actors.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;

/** INTERNAL API: the answer to any request sent to an actor entity. */
public sealed interface Reply extends CborSerializable {
  record Ok(byte[] payload) implements Reply {}

  record Failed(ErrorCode code, String message, String remoteType) implements Reply {
    public CapaException toException() {
      return new CapaException(code, message, remoteType, null);
    }
  }

  /** The answer to a state read of a key that is not there. */
  record Absent() implements Reply {}

  Ok EMPTY = new Ok(new byte[0]);

  Absent ABSENT = new Absent();

  static Failed failed(ErrorCode code, String message) {
    return new Failed(code, message, null);
  }

  static Failed from(CapaException e) {
    return new Failed(e.errorCode(), e.getMessage(), e.remoteType().orElse(null));
  }
}
