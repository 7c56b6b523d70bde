package io.capa.benchmarks.capnp.model;

import java.util.Objects;

/** A node of the expression-tree message: the union of Expression in bench.capnp. */
public sealed interface Expr {
  /** Operators of BinaryOp, in the schema's ordinal order. */
  enum Op { ADD, SUBTRACT, MULTIPLY, XOR }

  record Literal(int value) implements Expr {
  }

  record Binary(Op op, Expr left, Expr right) implements Expr {
    public Binary {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }
  }

  record Negate(Expr operand) implements Expr {
    public Negate {
      Objects.requireNonNull(operand, "operand");
    }
  }

  /** Applies {@code op} with Java's wrapping int arithmetic, as every codec's evaluator does. */
  static int apply(Op op, int left, int right) {
    return switch (op) {
      case ADD -> left + right;
      case SUBTRACT -> left - right;
      case MULTIPLY -> left * right;
      case XOR -> left ^ right;
    };
  }
}
