package io.capa.capnp.wire;

/** What a pointer designates once far pointers are followed. */
public enum PointerKind {
  NULL,
  STRUCT,
  LIST,
  CAPABILITY
}
