package io.capa.capnp.wire.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.capa.capnp.wire.Framing;
import io.capa.capnp.wire.MessageReader;
import io.capa.capnp.wire.ReaderOptions;
import io.capa.capnp.wire.conformance.CapnpTool;
import io.capa.capnp.wire.schema.FieldSchema;
import io.capa.capnp.wire.schema.Node;
import io.capa.capnp.wire.schema.Schema;
import io.capa.capnp.wire.schema.StructSchema;
import io.capa.capnp.wire.schema.gen.SchemaCapnp;
import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The readers generated for schema.capnp read CodeGeneratorRequests exactly as the
 * hand-written bootstrap loader does: the generator reproduces its own bootstrap.
 */
class SchemaGeneratedReadersTest {

  @ParameterizedTest
  @ValueSource(strings = {"/usr/include/capnp/schema.capnp", "/usr/include/capnp/rpc.capnp", "conformance.capnp"})
  void generatedReaders_agreeWithBootstrapLoader(String schemaFile) {
    byte[] request = CapnpTool.run(new byte[0], "compile", "-o-", schemaFile);
    ReaderOptions options = ReaderOptions.DEFAULT.withTraversalLimitWords(1L << 30);
    MessageReader m = Framing.read(ByteBuffer.wrap(request), options);
    Schema loaded = Schema.load(m);
    SchemaCapnp.CodeGeneratorRequest.Reader generated = SchemaCapnp.CodeGeneratorRequest.read(m);
    assertThat(generated.getNodes()).hasSize(loaded.nodes().size());
    int structs = 0;
    for (SchemaCapnp.Node.Reader n : generated.getNodes()) {
      Node expected = loaded.node(n.getId()).orElseThrow();
      assertThat(n.getDisplayName()).isEqualTo(expected.displayName());
      assertThat(n.getScopeId()).isEqualTo(expected.scopeId());
      assertThat(n.which().name()).isEqualTo(expected.kind().name());
      assertThat(n.getNestedNodes().stream().map(SchemaCapnp.Node.NestedNode.Reader::getName).toList())
          .containsExactlyElementsOf(expected.nested().keySet());
      if (n.which() == SchemaCapnp.Node.Which.STRUCT) {
        StructSchema s = (StructSchema) expected.detail();
        SchemaCapnp.Node.Struct.Reader gs = n.getStruct();
        assertThat(gs.getDataWordCount()).isEqualTo(s.dataWords());
        assertThat(gs.getPointerCount()).isEqualTo(s.pointerCount());
        assertThat(gs.getIsGroup()).isEqualTo(s.isGroup());
        assertThat(gs.getDiscriminantOffset()).isEqualTo(s.discriminantOffset());
        assertThat(gs.getFields().stream().map(SchemaCapnp.Field.Reader::getName).toList())
            .containsExactlyElementsOf(s.fields().stream().map(FieldSchema::name).toList());
        for (int i = 0; i < s.fields().size(); i++) {
          SchemaCapnp.Field.Reader f = gs.getFields().get(i);
          FieldSchema e = s.fields().get(i);
          assertThat(f.getDiscriminantValue()).isEqualTo(e.discriminantValue());
          assertThat(f.which() == SchemaCapnp.Field.Which.GROUP).isEqualTo(e.isGroup());
          if (!e.isGroup()) {
            assertThat(f.getSlot().getOffset()).isEqualTo(e.offset());
            assertThat(f.getSlot().getType().which().name().replace("_", ""))
                .isEqualToIgnoringCase(e.type().kind().name().replace("_", ""));
          }
        }
        structs++;
      }
    }
    assertThat(structs).isPositive();
  }
}
