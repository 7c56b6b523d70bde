package io.capa.benchmarks.capnp;

import io.capa.benchmarks.capnp.cj.CjCarSales;
import io.capa.benchmarks.capnp.cj.CjCatRank;
import io.capa.benchmarks.capnp.cj.CjEval;
import io.capa.benchmarks.capnp.model.Fixtures;
import io.capa.benchmarks.capnp.model.Scores;
import io.capa.benchmarks.capnp.pb.PbCarSales;
import io.capa.benchmarks.capnp.pb.PbCatRank;
import io.capa.benchmarks.capnp.pb.PbEval;
import io.capa.benchmarks.capnp.wire.WireCarSales;
import io.capa.benchmarks.capnp.wire.WireCatRank;
import io.capa.benchmarks.capnp.wire.WireEval;
import java.util.List;

/** The benchmark matrix: which message ({@code carsales}, {@code catrank}, {@code eval}) through which library. */
public final class Cases {
  public static final List<String> MESSAGES = List.of("carsales", "catrank", "eval");
  public static final List<String> LIBRARIES = List.of("capnp-wire", "capnproto-java", "protobuf");

  private Cases() {
  }

  /** A codec bound to its message's fixture, plus the traversal result the model predicts. */
  public record Bound<M>(Codec<M> codec, M model, long expected) {
    public byte[] build() {
      return codec.buildAndSerialize(model);
    }

    public long read(byte[] bytes) {
      return codec.readAndTraverse(bytes);
    }
  }

  public static Bound<?> of(String message, String library) {
    return switch (message) {
      case "carsales" -> new Bound<>(pick(library, new WireCarSales(), new CjCarSales(), new PbCarSales()),
          Fixtures.carSales(), Scores.expectedCarSales(Fixtures.carSales()));
      case "catrank" -> new Bound<>(pick(library, new WireCatRank(), new CjCatRank(), new PbCatRank()),
          Fixtures.catRank(), Scores.expectedCatRank(Fixtures.catRank()));
      case "eval" -> new Bound<>(pick(library, new WireEval(), new CjEval(), new PbEval()),
          Fixtures.expression(), Scores.evaluate(Fixtures.expression()));
      default -> throw new IllegalArgumentException("unknown message " + message + ", expected one of " + MESSAGES);
    };
  }

  private static <M> Codec<M> pick(String library, Codec<M> wire, Codec<M> capnprotoJava, Codec<M> protobuf) {
    return switch (library) {
      case "capnp-wire" -> wire;
      case "capnproto-java" -> capnprotoJava;
      case "protobuf" -> protobuf;
      default -> throw new IllegalArgumentException("unknown library " + library + ", expected one of " + LIBRARIES);
    };
  }
}
