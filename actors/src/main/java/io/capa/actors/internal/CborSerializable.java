package io.capa.actors.internal;

/**
 * INTERNAL API: marker for messages, events and snapshots serialized with Jackson CBOR, bound in the
 * module's reference.conf. Messages only hit the serializer when they cross nodes or are persisted.
 */
public interface CborSerializable {}
