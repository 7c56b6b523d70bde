package io.capa.benchmarks.capnp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CasesTest {
  static Stream<Arguments> matrix() {
    return Cases.MESSAGES.stream().flatMap(m -> Cases.LIBRARIES.stream().map(l -> Arguments.of(m, l)));
  }

  static Stream<Arguments> capnpPairs() {
    return Cases.MESSAGES.stream().flatMap(m -> Stream.of(
        Arguments.of(m, "capnp-wire", "capnproto-java"), Arguments.of(m, "capnproto-java", "capnp-wire")));
  }

  @ParameterizedTest(name = "{0} through {1}")
  @MethodSource("matrix")
  void readAndTraverse_ownBytes_matchesTheModel(String message, String library) {
    Cases.Bound<?> bound = Cases.of(message, library);

    assertThat(bound.read(bound.build())).isEqualTo(bound.expected());
  }

  /** The hand-written capnproto-java accessors must agree with the generated capnp-wire code on the layout. */
  @ParameterizedTest(name = "{0} written by {1}, read by {2}")
  @MethodSource("capnpPairs")
  void readAndTraverse_otherCapnpLibrarysBytes_matchesTheModel(String message, String writer, String reader) {
    byte[] bytes = Cases.of(message, writer).build();
    Cases.Bound<?> read = Cases.of(message, reader);

    assertThat(read.read(bytes)).isEqualTo(read.expected());
  }

  @Test
  void of_unknownLibrary_isRejected() {
    assertThatThrownBy(() -> Cases.of("carsales", "flatbuffers"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("flatbuffers");
  }
}
