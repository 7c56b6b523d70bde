package io.capa.runtime.api;

/**
 * A snapshot of an {@link InvocationGraph}, read without stopping it (each figure is current on its
 * own, not necessarily consistent with the others).
 *
 * @param entryQueued calls submitted and not yet taken in by the admission stage
 * @param waiting calls admitted and waiting for a free slot of their target
 * @param inFlight calls dispatched to their target and not yet completed
 * @param targets targets with calls waiting or in flight
 * @param dispatched calls dispatched since the graph started
 * @param rejected calls refused since the graph started, whatever the reason
 */
public record InvocationStats(
    int entryQueued, int waiting, int inFlight, int targets, long dispatched, long rejected) {}
