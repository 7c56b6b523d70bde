package io.capa.benchmarks.capnp.pb;

import com.google.protobuf.InvalidProtocolBufferException;
import io.capa.benchmarks.capnp.Codec;
import io.capa.benchmarks.capnp.model.Expr;
import io.capa.benchmarks.capnp.proto.BenchProto;

/** The expression tree through protobuf-java (a oneof stands in for the union). */
public final class PbEval implements Codec<Expr> {
  private static final Expr.Op[] OPS = Expr.Op.values();

  @Override
  public byte[] buildAndSerialize(Expr expr) {
    return build(expr).toByteArray();
  }

  private static BenchProto.Expression build(Expr e) {
    BenchProto.Expression.Builder b = BenchProto.Expression.newBuilder();
    if (e instanceof Expr.Literal l) {
      b.setLiteral(l.value());
    } else if (e instanceof Expr.Negate n) {
      b.setNegate(build(n.operand()));
    } else {
      Expr.Binary bin = (Expr.Binary) e;
      b.setBinary(BenchProto.BinaryOp.newBuilder()
          .setOpValue(bin.op().ordinal()).setLeft(build(bin.left())).setRight(build(bin.right())));
    }
    return b.build();
  }

  @Override
  public long readAndTraverse(byte[] bytes) {
    try {
      return evaluate(BenchProto.Expression.parseFrom(bytes));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static int evaluate(BenchProto.Expression e) {
    switch (e.getKindCase()) {
      case LITERAL:
        return e.getLiteral();
      case NEGATE:
        return -evaluate(e.getNegate());
      case BINARY:
        BenchProto.BinaryOp b = e.getBinary();
        return Expr.apply(OPS[b.getOpValue()], evaluate(b.getLeft()), evaluate(b.getRight()));
      default:
        throw new IllegalArgumentException("expression kind not set");
    }
  }
}
