package io.capa.api.pubsub;

/** How a subscriber settles a received message. */
public enum Settlement {
  /** Processed; the broker forgets the message. */
  SUCCESS,
  /** Not processed; deliver it again later, following the subscription's retry policy. */
  RETRY,
  /** Not processable; never deliver it again (it goes to the dead-letter topic if there is one). */
  DROP
}
