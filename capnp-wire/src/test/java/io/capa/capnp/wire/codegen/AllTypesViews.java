package io.capa.capnp.wire.codegen;

import io.capa.capnp.interop.ConformanceCapnp;
import io.capa.capnp.wire.schema.DynamicStruct;
import java.util.List;

/** Projects an Inner struct, typed or dynamic, to comparable values. */
final class AllTypesViews {
  private AllTypesViews() {
  }

  static List<Object> inner(Object v) {
    if (v instanceof ConformanceCapnp.Inner.Reader r) {
      return List.of(r.getId(), r.getLabel());
    }
    DynamicStruct d = (DynamicStruct) v;
    return List.of(d.get("id"), d.get("label"));
  }
}
