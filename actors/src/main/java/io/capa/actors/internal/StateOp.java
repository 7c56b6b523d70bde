package io.capa.actors.internal;

import io.capa.api.actors.StateOperation;
import java.util.ArrayList;
import java.util.List;

/** INTERNAL API: a state operation in the flat form sent between nodes ({@code value} null = delete). */
record StateOp(String key, byte[] value) implements CborSerializable {
  static List<StateOp> of(List<StateOperation> ops) {
    List<StateOp> out = new ArrayList<>(ops.size());
    for (StateOperation op : ops) {
      out.add(new StateOp(op.key(), op instanceof StateOperation.Upsert u ? u.value() : null));
    }
    return out;
  }
}
