package io.capa.bindings.internal.localstorage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.bindings.BindingRequest;
import io.capa.api.bindings.BindingResponse;
import io.capa.bindings.spi.OutputBinding;
import io.capa.bindings.spi.OutputBindingConformance;
import io.capa.bindings.testing.TestConfigs;
import io.capa.components.api.ComponentParseException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class LocalStorageBindingTest extends OutputBindingConformance {
  private Path root;

  @Override
  protected OutputBinding createBinding() throws Exception {
    root = Files.createTempDirectory("capa-localstorage");
    return (OutputBinding) new LocalStorageBindingFactory().create(
        TestConfigs.config(NAME, "bindings.localstorage", Map.of("rootPath", root.toString())), TestConfigs.context());
  }

  @Override
  protected BindingRequest validRequest(String name, int n) {
    return new BindingRequest(name, "create", ("content " + n).getBytes(StandardCharsets.UTF_8),
        Map.of("fileName", "dir/f" + n + ".txt"));
  }

  @Override
  protected void assertEffect(BindingRequest sent, BindingResponse response) throws Exception {
    assertThat(response.metadata()).containsEntry("fileName", sent.metadata().get("fileName"));
    assertThat(Files.readAllBytes(root.resolve(sent.metadata().get("fileName")))).isEqualTo(sent.data());
  }

  private BindingResponse call(String op, String fileName, String data) {
    Map<String, String> md = fileName == null ? Map.of() : Map.of("fileName", fileName);
    return service.invoke(new BindingRequest(NAME, op, data.getBytes(StandardCharsets.UTF_8), md))
        .toCompletableFuture().join();
  }

  private static CapaException failure(Runnable call) {
    try {
      call.run();
    } catch (CompletionException e) {
      return (CapaException) e.getCause();
    }
    throw new AssertionError("the call succeeded");
  }

  @Test
  void createGetListDelete_roundTrip() {
    call("create", "a.txt", "A");
    call("create", "sub/b.txt", "B");
    assertThat(new String(call("get", "a.txt", "").data(), StandardCharsets.UTF_8)).isEqualTo("A");
    assertThat(new String(call("list", null, "").data(), StandardCharsets.UTF_8)).isEqualTo("[\"a.txt\",\"sub/b.txt\"]");
    call("delete", "a.txt", "");
    assertThat(failure(() -> call("get", "a.txt", "")).errorCode()).isEqualTo(ErrorCode.FILE_NOT_FOUND);
    assertThat(failure(() -> call("delete", "a.txt", "")).errorCode()).isEqualTo(ErrorCode.FILE_NOT_FOUND);
  }

  @Test
  void create_withoutFileName_generatesOne() {
    BindingResponse r = call("create", null, "x");
    assertThat(root.resolve(r.metadata().get("fileName"))).hasContent("x");
  }

  @Test
  void anyOperation_pathLeavingTheRoot_isRefused() throws Exception {
    Path outside = Files.createTempFile("capa-outside", ".txt");
    Files.writeString(outside, "secret");
    Files.createSymbolicLink(root.resolve("link"), outside.getParent());
    for (String bad : new String[] {"../x.txt", "a/../../x.txt", outside.toString(), "link/" + outside.getFileName(), ".."}) {
      CapaException e = failure(() -> call("get", bad, ""));
      assertThat(e.errorCode()).as(bad).isEqualTo(ErrorCode.INVALID_REQUEST);
      assertThat(e.getMessage()).contains("outside rootPath");
      assertThat(failure(() -> call("create", bad, "overwrite")).errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
    }
    assertThat(outside).hasContent("secret");
    assertThat(failure(() -> call("get", "nul\0byte", "")).getMessage()).contains("not a valid file name");
    // Still serving after the garbage.
    call("create", "ok.txt", "fine");
    Files.delete(outside);
  }

  @Test
  void get_withoutFileName_namesTheField() {
    assertThat(failure(() -> call("get", null, "")).getMessage()).contains("fileName");
  }

  @Test
  void create_rootPathIsAFile_namesTheField() throws Exception {
    Path file = Files.createTempFile("capa-root", ".txt");
    assertThatThrownBy(() -> new LocalStorageBindingFactory().create(
            TestConfigs.config("ls", "bindings.localstorage", Map.of("rootPath", file.toString())), TestConfigs.context()))
        .isInstanceOf(ComponentParseException.class).hasMessageContaining("rootPath");
    Files.delete(file);
  }
}
