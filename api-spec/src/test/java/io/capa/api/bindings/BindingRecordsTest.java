package io.capa.api.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BindingRecordsTest {
  @Test
  void bindingRequest_blankOperation_namesOperation() {
    assertThatThrownBy(() -> BindingRequest.of("mail", "", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operation");
  }

  @Test
  void bindingRequest_blankName_namesBindingName() {
    assertThatThrownBy(() -> BindingRequest.of(null, "create", new byte[0]))
        .hasMessageContaining("binding name");
  }

  @Test
  void bindingRequest_metadataWithEmptyKey_rejected() {
    Map<String, String> md = new HashMap<>();
    md.put(" ", "v");
    assertThatThrownBy(() -> new BindingRequest("mail", "create", null, md))
        .hasMessageContaining("empty key");
  }

  @Test
  void bindingResponse_nulls_becomeEmpty() {
    BindingResponse r = new BindingResponse(null, null);
    assertThat(r.data()).isEmpty();
    assertThat(r.metadata()).isEmpty();
  }
}
