package io.capa.benchmarks.capnp.cj;

import io.capa.benchmarks.capnp.Codec;
import io.capa.benchmarks.capnp.model.Expr;
import org.capnproto.MessageBuilder;

/** The expression tree through capnproto-java and {@link EvalSchema}. */
public final class CjEval implements Codec<Expr> {
  private static final Expr.Op[] OPS = Expr.Op.values();

  @Override
  public byte[] buildAndSerialize(Expr expr) {
    MessageBuilder message = new MessageBuilder();
    build(message.initRoot(EvalSchema.Expression.FACTORY), expr);
    return CjIo.toBytes(message);
  }

  private static void build(EvalSchema.Expression.Builder b, Expr e) {
    if (e instanceof Expr.Literal l) {
      b.setLiteral(l.value());
    } else if (e instanceof Expr.Negate n) {
      build(b.initNegate(), n.operand());
    } else {
      Expr.Binary bin = (Expr.Binary) e;
      EvalSchema.BinaryOp.Builder op = b.initBinary();
      op.setOp(bin.op().ordinal());
      build(op.initLeft(), bin.left());
      build(op.initRight(), bin.right());
    }
  }

  @Override
  public long readAndTraverse(byte[] bytes) {
    return evaluate(CjIo.read(bytes).getRoot(EvalSchema.Expression.FACTORY));
  }

  private static int evaluate(EvalSchema.Expression.Reader e) {
    switch (e.which()) {
      case EvalSchema.Expression.LITERAL:
        return e.getLiteral();
      case EvalSchema.Expression.NEGATE:
        return -evaluate(e.getNegate());
      case EvalSchema.Expression.BINARY:
        EvalSchema.BinaryOp.Reader b = e.getBinary();
        return Expr.apply(OPS[b.getOp()], evaluate(b.getLeft()), evaluate(b.getRight()));
      default:
        throw new IllegalArgumentException("expression kind not in schema: " + e.which());
    }
  }
}
