package io.capa.benchmarks.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RpcEchoBenchTest {
  @Test
  void peerNames_keepsOrderAndDropsRepeats() {
    assertThat(RpcEchoBench.peerNames(" grpc, grpc ,")).containsExactly("grpc");
  }

  @Test
  void peerNames_unknownPeerListsTheKnownOnes() {
    assertThatThrownBy(() -> RpcEchoBench.peerNames("grpc,nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'nope'")
        .hasMessageContaining("known: grpc");
  }

  @Test
  void peerNames_emptyListIsRejected() {
    assertThatThrownBy(() -> RpcEchoBench.peerNames(",")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ints_parsesCommaSeparatedList() {
    assertThat(RpcEchoBench.ints("64, 16384,")).containsExactly(64, 16384);
  }
}
