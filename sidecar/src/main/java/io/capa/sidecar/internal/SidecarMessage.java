package io.capa.sidecar.internal;

/** INTERNAL API: marker of the messages sidecar nodes exchange; serialized as CBOR by Jackson. */
public interface SidecarMessage {}
