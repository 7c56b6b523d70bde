package io.capa.capnp.rpc;

/**
 * What one connection holds right now: its four tables, pending embargoes, bytes waiting to
 * be written, and bytes of received calls still being answered (with their peak).
 */
public record RpcStats(int questions, int answers, int imports, int exports, int embargoes, long outboundQueuedBytes,
    long inboundCallBytes, long peakInboundCallBytes) {
}
