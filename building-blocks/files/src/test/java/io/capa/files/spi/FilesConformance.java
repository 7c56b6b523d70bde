package io.capa.files.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.files.FileInfo;
import io.capa.api.files.FilePage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FileStore} must do. A backend's test extends this class and creates its store;
 * each test works under its own random prefix, so stores may be shared with other users.
 */
public abstract class FilesConformance {
  protected static final int TIMEOUT_SECONDS = 60;
  protected ExecutorService producer;
  protected FileStore store;
  protected String p;

  /** A store to test; called before each test. */
  protected abstract FileStore newStore() throws Exception;

  /** Releases what {@link #newStore} set up, after the store is closed. */
  protected void release() throws Exception {}

  @BeforeEach
  void open() throws Exception {
    producer = Executors.newFixedThreadPool(2);
    store = newStore();
    p = "t" + UUID.randomUUID().toString().substring(0, 8) + "/";
  }

  @AfterEach
  void closeStore() throws Exception {
    try {
      for (FileInfo f : join(store.list(p, 1000, Optional.empty())).files()) {
        join(store.delete(f.name()));
      }
    } finally {
      store.close();
      producer.shutdownNow();
      release();
    }
  }

  protected static <T> T join(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  protected static ErrorCode codeOf(Throwable t) {
    Throwable c = t;
    while (c != null && !(c instanceof CapaException)) {
      c = c.getCause();
    }
    return c == null ? null : ((CapaException) c).errorCode();
  }

  private FileInfo putText(String name, String text) throws Exception {
    return join(store.put(name, "text/plain", Map.of(), Streams.of(text.getBytes(StandardCharsets.UTF_8))));
  }

  private String read(String name) throws Exception {
    return new String(join(Streams.collect(store.get(name))), StandardCharsets.UTF_8);
  }

  @Test
  void put_thenGetAndStat_returnContentTypeAndMetadata() throws Exception {
    FileInfo put = join(store.put(p + "a/b.txt", "text/plain", Map.of("owner", "ann", "k2", "v=2"),
        Streams.of("hello".getBytes(StandardCharsets.UTF_8))));

    assertThat(put.size()).isEqualTo(5);
    assertThat(read(p + "a/b.txt")).isEqualTo("hello");
    FileInfo stat = join(store.stat(p + "a/b.txt")).orElseThrow();
    assertThat(stat.size()).isEqualTo(5);
    assertThat(stat.contentType()).isEqualTo("text/plain");
    assertThat(stat.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("owner", "ann", "k2", "v=2"));
    assertThat(stat.lastModified()).isEqualTo(put.lastModified());
  }

  @Test
  void put_emptyContent_storesAnEmptyFile() throws Exception {
    join(store.put(p + "empty", "application/octet-stream", Map.of(), Streams.of(new byte[0])));

    assertThat(join(store.stat(p + "empty")).orElseThrow().size()).isZero();
    assertThat(read(p + "empty")).isEmpty();
  }

  @Test
  void put_replacesContentAndMetadata() throws Exception {
    join(store.put(p + "f", "text/plain", Map.of("v", "1"), Streams.of("first version".getBytes(StandardCharsets.UTF_8))));
    join(store.put(p + "f", "text/csv", Map.of("w", "2"), Streams.of("2nd".getBytes(StandardCharsets.UTF_8))));

    assertThat(read(p + "f")).isEqualTo("2nd");
    FileInfo stat = join(store.stat(p + "f")).orElseThrow();
    assertThat(stat.contentType()).isEqualTo("text/csv");
    assertThat(stat.metadata()).isEqualTo(Map.of("w", "2"));
  }

  @Test
  void put_50MiB_streamsWithBoundedDemandAndReadsBackTheSameBytes() throws Exception {
    Streams.Generated content = new Streams.Generated(800, 64 * 1024, 7, -1, producer);

    FileInfo info = join(store.put(p + "big.bin", "application/octet-stream", Map.of(), content));
    Streams.Digesting reader = new Streams.Digesting();
    store.get(p + "big.bin").subscribe(reader);

    assertThat(info.size()).isEqualTo(content.size());
    assertThat(content.maxOutstanding.get()).as("buffers asked for ahead of the writes").isLessThanOrEqualTo(16);
    assertThat(reader.digest.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(Streams.digestOf(7, content.size()));
    assertThat(reader.bytes).isEqualTo(content.size());
  }

  @Test
  void put_uploadFailsMidway_leavesThePreviousFile() throws Exception {
    putText(p + "keep", "old");

    CompletableFuture<FileInfo> failed =
        store.put(p + "keep", "text/plain", Map.of(), new Streams.Generated(100, 1024, 3, 50, producer)).toCompletableFuture();

    assertThatThrownBy(() -> failed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).hasMessageContaining("broke off on purpose");
    assertThat(read(p + "keep")).isEqualTo("old");
  }

  @Test
  void put_uploadFailsMidway_leavesNoFile() throws Exception {
    CompletableFuture<FileInfo> failed =
        store.put(p + "new", "text/plain", Map.of(), new Streams.Generated(100, 1024, 3, 10, producer)).toCompletableFuture();

    assertThatThrownBy(() -> failed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isNotNull();
    assertThat(join(store.stat(p + "new"))).isEmpty();
    assertThat(join(store.list(p, 10, Optional.empty())).files()).isEmpty();
  }

  @Test
  void put_concurrentWritersOfOneName_lastCompleteWriteWinsWhole() throws Exception {
    int writers = 6;
    List<CompletableFuture<FileInfo>> puts = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      puts.add(store.put(p + "shared", "application/octet-stream", Map.of("writer", "" + w),
          new Streams.Generated(32, 16 * 1024, w, -1, producer)).toCompletableFuture());
    }
    CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

    FileInfo stat = join(store.stat(p + "shared")).orElseThrow();
    int writer = Integer.parseInt(stat.metadata().get("writer"));
    Streams.Digesting reader = new Streams.Digesting();
    store.get(p + "shared").subscribe(reader);
    assertThat(reader.digest.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .as("content of the writer the metadata names").isEqualTo(Streams.digestOf(writer, 32L * 16 * 1024));
  }

  @Test
  void get_missingFile_failsWithFileNotFound() {
    assertThatThrownBy(() -> join(Streams.collect(store.get(p + "nope"))))
        .satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.FILE_NOT_FOUND));
  }

  @Test
  void stat_missingFile_isEmpty() throws Exception {
    assertThat(join(store.stat(p + "nope"))).isEmpty();
  }

  @Test
  void delete_removesTheFile_andReportsWhetherItExisted() throws Exception {
    putText(p + "d", "x");

    assertThat(join(store.delete(p + "d"))).isTrue();
    assertThat(join(store.delete(p + "d"))).isFalse();
    assertThat(join(store.stat(p + "d"))).isEmpty();
  }

  @Test
  void list_pagesInNameOrderWithMarker_untilTheLastPage() throws Exception {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      names.add(p + (i % 2 == 0 ? "dir/" : "") + "f" + i);
    }
    for (String n : names) {
      putText(n, n);
    }
    List<String> seen = new ArrayList<>();
    Optional<String> marker = Optional.empty();
    int pages = 0;
    do {
      FilePage page = join(store.list(p, 3, marker));
      assertThat(page.files().size()).isLessThanOrEqualTo(3);
      page.files().forEach(f -> seen.add(f.name()));
      marker = page.nextMarker();
      pages++;
    } while (marker.isPresent() && pages < 10);

    assertThat(seen).isEqualTo(names.stream().sorted().toList());
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void list_prefix_keepsOnlyMatchingNames() throws Exception {
    putText(p + "logs/a", "1");
    putText(p + "logs/b", "2");
    putText(p + "logsx", "3");
    putText(p + "other", "4");

    assertThat(join(store.list(p + "logs/", 10, Optional.empty())).files()).extracting(FileInfo::name)
        .containsExactly(p + "logs/a", p + "logs/b");
    assertThat(join(store.list(p + "logs", 10, Optional.empty())).files()).extracting(FileInfo::name)
        .containsExactly(p + "logs/a", p + "logs/b", p + "logsx");
    assertThat(join(store.list(p + "nothing/", 10, Optional.empty())).isLast()).isTrue();
  }

  @Test
  void everyCall_traversalNames_areRefusedWithInvalidRequest() throws Exception {
    for (String bad : List.of("../escape", p + "../../escape", "/etc/passwd", "a/./b", "a//b", "nul\0byte", "back\\slash", "")) {
      assertThatThrownBy(() -> join(store.put(bad, "text/plain", Map.of(), Streams.of(new byte[] {1}))))
          .as(bad).satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.INVALID_REQUEST));
      assertThatThrownBy(() -> join(Streams.collect(store.get(bad))))
          .as(bad).satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.INVALID_REQUEST));
      assertThatThrownBy(() -> join(store.stat(bad)))
          .as(bad).satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.INVALID_REQUEST));
      assertThatThrownBy(() -> join(store.delete(bad)))
          .as(bad).satisfies(t -> assertThat(codeOf(t)).isEqualTo(ErrorCode.INVALID_REQUEST));
    }
    // The store keeps serving.
    putText(p + "after", "ok");
    assertThat(read(p + "after")).isEqualTo("ok");
  }
}
