package io.capa.benchmarks.capnp.wire;

import io.capa.benchmarks.capnp.Codec;
import io.capa.benchmarks.capnp.gen.BenchCapnp;
import io.capa.benchmarks.capnp.model.Expr;
import io.capa.capnp.wire.Framing;
import io.capa.capnp.wire.MessageBuilder;
import io.capa.capnp.wire.ReaderOptions;
import java.nio.ByteBuffer;

/** The expression tree through capnp-wire's generated code (recursive struct with a union). */
public final class WireEval implements Codec<Expr> {
  private static final BenchCapnp.Operation[] OPS = BenchCapnp.Operation.values();
  private static final Expr.Op[] MODEL_OPS = Expr.Op.values();

  @Override
  public byte[] buildAndSerialize(Expr expr) {
    MessageBuilder message = new MessageBuilder();
    build(BenchCapnp.Expression.initRoot(message), expr);
    return Framing.toByteArray(message);
  }

  private static void build(BenchCapnp.Expression.Builder b, Expr e) {
    if (e instanceof Expr.Literal l) {
      b.setLiteral(l.value());
    } else if (e instanceof Expr.Negate n) {
      build(b.initNegate(), n.operand());
    } else {
      Expr.Binary bin = (Expr.Binary) e;
      BenchCapnp.BinaryOp.Builder op = b.initBinary();
      op.setOp(OPS[bin.op().ordinal()]);
      build(op.initLeft(), bin.left());
      build(op.initRight(), bin.right());
    }
  }

  @Override
  public long readAndTraverse(byte[] bytes) {
    return evaluate(BenchCapnp.Expression.read(Framing.read(ByteBuffer.wrap(bytes), ReaderOptions.DEFAULT)));
  }

  private static int evaluate(BenchCapnp.Expression.Reader e) {
    switch (e.which()) {
      case LITERAL:
        return e.getLiteral();
      case NEGATE:
        return -evaluate(e.getNegate());
      case BINARY:
        BenchCapnp.BinaryOp.Reader b = e.getBinary();
        return Expr.apply(MODEL_OPS[b.getOp().ordinal()], evaluate(b.getLeft()), evaluate(b.getRight()));
      default:
        throw new IllegalArgumentException("expression kind not in schema");
    }
  }
}
