package io.capa.files.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.ErrorCode;
import io.capa.components.api.ComponentParseException;
import io.capa.components.api.ComponentSpec;
import io.capa.components.api.MetadataValue;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.files.spi.FileStore;
import io.capa.files.spi.FilesConformance;
import io.capa.files.spi.Streams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileStoreTest extends FilesConformance {
  @TempDir Path dir;
  private ExecutorService blocking;
  private ScheduledExecutorService scheduler;

  static ComponentSpec spec(Map<String, String> metadata) {
    Map<String, MetadataValue> m = new LinkedHashMap<>();
    metadata.forEach((k, v) -> m.put(k, new MetadataValue.Plain(v)));
    return new ComponentSpec("files", "files.local", "v1", m, List.of(), Optional.empty(), Path.of("files.yaml"), 1);
  }

  private FileStore create(Map<String, String> metadata) throws Exception {
    ComponentSpec spec = spec(metadata);
    return (FileStore) new LocalFileStoreFactory().create(
        new ComponentConfig(spec, metadata), new ComponentContext("app", blocking, scheduler, dir));
  }

  @Override
  protected FileStore newStore() throws Exception {
    blocking = Executors.newFixedThreadPool(4);
    scheduler = Executors.newSingleThreadScheduledExecutor();
    return create(Map.of("rootPath", "store", "chunkSize", "32768"));
  }

  @Override
  protected void release() {
    blocking.shutdownNow();
    scheduler.shutdownNow();
  }

  @Test
  void names_throughASymlinkLeavingTheRoot_areRefused() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "secret");
    Files.createSymbolicLink(dir.resolve("store").resolve("link"), outside);
    Files.createSymbolicLink(dir.resolve("store").resolve("filelink"), outside.resolve("secret"));

    for (String name : List.of("link/secret", "link/new", "filelink")) {
      assertThatThrownBy(() -> join(Streams.collect(store.get(name))))
          .as(name).satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.INVALID_REQUEST));
      assertThatThrownBy(() -> join(store.put(name, "text/plain", Map.of(), Streams.of(new byte[] {1}))))
          .as(name).satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.INVALID_REQUEST));
      assertThatThrownBy(() -> join(store.delete(name)))
          .as(name).satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.INVALID_REQUEST));
    }
    assertThat(Files.readString(outside.resolve("secret"))).isEqualTo("secret");
    assertThat(outside.resolve("new")).doesNotExist();
  }

  @Test
  void folders_areNotFiles_andNamesClashingWithThemAreRefused() throws Exception {
    join(store.put(p + "dir/file", "text/plain", Map.of(), Streams.of("x".getBytes(StandardCharsets.UTF_8))));

    assertThatThrownBy(() -> join(Streams.collect(store.get(p + "dir"))))
        .satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.FILE_NOT_FOUND));
    assertThat(join(store.stat(p + "dir"))).isEmpty();
    assertThat(join(store.delete(p + "dir"))).isFalse();
    assertThatThrownBy(() -> join(store.put(p + "dir", "text/plain", Map.of(), Streams.of(new byte[] {1}))))
        .satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.INVALID_REQUEST))
        .hasMessageNotContaining(dir.toString());
    assertThatThrownBy(() -> join(store.put(p + "dir/file/below", "text/plain", Map.of(), Streams.of(new byte[] {1}))))
        .satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.INVALID_REQUEST));
    assertThat(new String(join(Streams.collect(store.get(p + "dir/file"))), StandardCharsets.UTF_8)).isEqualTo("x");
    try (var s = Files.list(dir.resolve("store/.capa-tmp"))) {
      assertThat(s.toList()).as("no temporary file left").isEmpty();
    }
  }

  @Test
  void names_ofTheStoresOwnFolders_areRefused() {
    assertThatThrownBy(() -> join(store.stat(".capa-meta/x.properties")))
        .satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.INVALID_REQUEST));
  }

  @Test
  void metadata_isKeptInASidecarFile_andListingsSkipIt() throws Exception {
    join(store.put(p + "m", "text/plain", Map.of("a", "b"), Streams.of("x".getBytes(StandardCharsets.UTF_8))));

    assertThat(dir.resolve("store/.capa-meta/" + p + "m.properties")).exists();
    assertThat(join(store.list("", 1000, Optional.empty())).files()).noneMatch(f -> f.name().startsWith(".capa-"));
  }

  @Test
  void failedUpload_leavesNoTemporaryFile() throws Exception {
    assertThatThrownBy(() -> join(store.put(p + "x", "text/plain", Map.of(),
        new Streams.Generated(10, 100, 1, 5, producer)))).isNotNull();

    try (var s = Files.list(dir.resolve("store/.capa-tmp"))) {
      assertThat(s.toList()).isEmpty();
    }
  }

  @Test
  void create_withoutRootPath_isRefusedNamingTheField() {
    assertThat(new LocalFileStoreFactory().validate(spec(Map.of()))).containsExactly("rootPath: missing");
    assertThatThrownBy(() -> create(Map.of("rootPath", "r", "chunkSize", "0")))
        .isInstanceOf(ComponentParseException.class).hasMessageContaining("chunkSize");
  }
}
