package io.capa.capnp.wire.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.capa.capnp.wire.Framing;
import io.capa.capnp.wire.MessageBuilder;
import io.capa.capnp.wire.ReaderOptions;
import io.capa.capnp.wire.conformance.CapnpTool;
import io.capa.capnp.wire.schema.DynamicStruct;
import io.capa.capnp.wire.schema.DynamicStructBuilder;
import io.capa.capnp.wire.schema.JsonCodec;
import io.capa.capnp.wire.schema.Schema;
import io.capa.capnp.wire.schema.StructSchema;
import java.nio.ByteBuffer;

/**
 * JSON input to the dynamic builder: bad JSON or a value of the wrong type is an
 * IllegalArgumentException (the convert command's "invalid input"), never anything else;
 * whatever decodes encodes again and reads back.
 */
class JsonFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void jsonDecoder(String json) {
    if (json == null) {
      return;
    }
    Schema schema = CapnpTool.conformanceSchema();
    StructSchema type = (StructSchema) schema.findType("AllTypes").detail();
    MessageBuilder b = new MessageBuilder();
    try {
      JsonCodec.decode(json, new DynamicStructBuilder(schema, type, b.initRoot(type.dataWords(), type.pointerCount())));
    } catch (IllegalArgumentException | UnsupportedOperationException rejected) {
      return;
    }
    var reread = Framing.read(ByteBuffer.wrap(Framing.toByteArray(b)), ReaderOptions.DEFAULT);
    try {
      JsonCodec.encode(new DynamicStruct(schema, type, reread.root()));
    } catch (UnsupportedOperationException anyPointerSet) {
      // The JSON set the AnyPointer field, which JSON cannot represent on the way out.
    }
  }
}
