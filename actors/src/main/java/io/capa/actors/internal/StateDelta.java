package io.capa.actors.internal;

import java.util.List;
import java.util.Map;

/**
 * INTERNAL API: the persisted event of one successful turn: the keys it set and the keys it removed.
 * One event per turn is what makes a turn's changes atomic.
 */
public record StateDelta(Map<String, byte[]> upserts, List<String> removals) implements CborSerializable {}
