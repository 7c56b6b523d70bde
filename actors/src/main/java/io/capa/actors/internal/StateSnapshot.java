package io.capa.actors.internal;

import java.util.Map;

/** INTERNAL API: the whole state of an actor, as saved every N turns to bound replay. */
public record StateSnapshot(Map<String, byte[]> entries) implements CborSerializable {}
