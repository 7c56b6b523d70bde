package io.capa.files.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.files.FileRequest;
import io.capa.api.files.ListFilesRequest;
import io.capa.api.files.PutFileRequest;
import io.capa.components.api.ComponentSpec;
import io.capa.components.api.MetadataValue;
import io.capa.components.spi.ComponentConfig;
import io.capa.components.spi.ComponentContext;
import io.capa.components.spi.ComponentFactory;
import io.capa.components.spi.Component;
import io.capa.components.testkit.MapComponents;
import io.capa.files.spi.Streams;
import io.capa.runtime.blocks.FilesHttp;
import io.capa.runtime.testkit.RoutesServer;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service over a files.local store found through ServiceLoader, and its HTTP routes over real sockets. */
class FilesHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static ExecutorService blocking;
  private static ScheduledExecutorService scheduler;
  private static Component store;
  private static ComponentFileService service;
  private static RoutesServer server;

  @BeforeAll
  static void start() throws Exception {
    blocking = Executors.newFixedThreadPool(4);
    scheduler = Executors.newSingleThreadScheduledExecutor();
    ComponentFactory factory = ServiceLoader.load(ComponentFactory.class).stream().map(ServiceLoader.Provider::get)
        .filter(f -> f.types().contains("files.local")).findFirst().orElseThrow();
    ComponentSpec spec = new ComponentSpec("docs", "files.local", "v1", Map.of("rootPath", new MetadataValue.Plain("docs")),
        List.of(), Optional.empty(), Path.of("docs.yaml"), 1);
    store = factory.create(new ComponentConfig(spec, Map.of("rootPath", "docs")),
        new ComponentContext("app", blocking, scheduler, dir));
    service = new ComponentFileService(new MapComponents(Map.of("docs", store)));
    server = new RoutesServer(new FilesHttp(service));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    store.close();
    blocking.shutdownNow();
    scheduler.shutdownNow();
  }

  @AfterEach
  void serverKeepsServing() throws Exception {
    assertThat(server.send("GET", "/v1.0/healthz", BodyPublishers.noBody()).statusCode()).isEqualTo(204);
  }

  @Test
  void service_unknownStore_failsWithComponentNotFound() {
    assertThatThrownBy(() -> service.stat(FileRequest.of("nope", "a")).toCompletableFuture().get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(CapaException.class)
        .satisfies(t -> assertThat(((CapaException) t.getCause()).errorCode()).isEqualTo(ErrorCode.COMPONENT_NOT_FOUND));
    assertThatThrownBy(() -> Streams.collect(service.get(FileRequest.of("nope", "a"))).get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(CapaException.class);
    assertThatThrownBy(() -> service.put(PutFileRequest.of("nope", "a", null), Streams.of(new byte[] {1}))
        .toCompletableFuture().get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(CapaException.class);
  }

  @Test
  void service_putListGetDelete_reachTheStore() throws Exception {
    service.put(new PutFileRequest("docs", "svc/x", "text/plain", Map.of()), Streams.of("abc".getBytes()))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(service.list(ListFilesRequest.firstPage("docs", "svc/", 10)).toCompletableFuture().get().files())
        .hasSize(1);
    assertThat(new String(Streams.collect(service.get(FileRequest.of("docs", "svc/x"))).get(10, TimeUnit.SECONDS)))
        .isEqualTo("abc");
    assertThat(service.delete(FileRequest.of("docs", "svc/x")).toCompletableFuture().get()).isTrue();
  }

  @Test
  void put_thenGetListDelete_overHttp() throws Exception {
    HttpResponse<String> put = server.send("PUT", "/v1.0-alpha1/files/docs/http/a%20b/c.txt?metadata.owner=ann",
        BodyPublishers.ofString("hello over http"), "Content-Type", "text/plain; charset=UTF-8");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    JsonNode info = JSON.readTree(put.body());
    assertThat(info.get("name").asText()).isEqualTo("http/a b/c.txt");
    assertThat(info.get("size").asLong()).isEqualTo(15);
    assertThat(info.get("metadata").get("owner").asText()).isEqualTo("ann");

    HttpResponse<String> get = server.send("GET", "/v1.0-alpha1/files/docs/http/a%20b/c.txt", BodyPublishers.noBody());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo("hello over http");
    assertThat(get.headers().firstValue("Content-Type")).hasValue("text/plain; charset=UTF-8");

    server.send("PUT", "/v1.0-alpha1/files/docs/http/z", BodyPublishers.ofString("z"));
    JsonNode page = JSON.readTree(server.send("GET", "/v1.0-alpha1/files/docs?prefix=http/&limit=1", BodyPublishers.noBody()).body());
    assertThat(page.get("files")).hasSize(1);
    assertThat(page.get("nextMarker").asText()).isEqualTo("http/a b/c.txt");
    JsonNode next = JSON.readTree(server.send("GET",
        "/v1.0-alpha1/files/docs?prefix=http/&limit=1&marker=http/a%20b/c.txt", BodyPublishers.noBody()).body());
    assertThat(next.get("files").get(0).get("name").asText()).isEqualTo("http/z");
    assertThat(next.get("nextMarker").isNull()).isTrue();

    assertThat(server.send("DELETE", "/v1.0-alpha1/files/docs/http/z", BodyPublishers.noBody()).statusCode()).isEqualTo(204);
    assertThat(server.send("DELETE", "/v1.0-alpha1/files/docs/http/z", BodyPublishers.noBody()).statusCode()).isEqualTo(404);
    assertThat(server.send("GET", "/v1.0-alpha1/files/docs/http/z", BodyPublishers.noBody()).statusCode()).isEqualTo(404);
  }

  @Test
  void garbage_isRefusedWithTheReason() throws Exception {
    // Dot segments in the path itself are resolved before routing; escaped slashes reach the store.
    HttpResponse<String> traversal = server.send("GET", "/v1.0-alpha1/files/docs/a%2F..%2F..%2Fetc", BodyPublishers.noBody());
    assertThat(traversal.statusCode()).isEqualTo(400);
    assertThat(traversal.body()).contains("ERR_INVALID_REQUEST");

    HttpResponse<String> nul = server.send("PUT", "/v1.0-alpha1/files/docs/a%00b", BodyPublishers.ofString("x"));
    assertThat(nul.statusCode()).isEqualTo(400);

    HttpResponse<String> limit = server.send("GET", "/v1.0-alpha1/files/docs?limit=many", BodyPublishers.noBody());
    assertThat(limit.statusCode()).isEqualTo(400);
    assertThat(limit.body()).contains("limit");
    assertThat(server.send("GET", "/v1.0-alpha1/files/docs?limit=0", BodyPublishers.noBody()).statusCode()).isEqualTo(400);

    HttpResponse<String> unknown = server.send("GET", "/v1.0-alpha1/files/nostore/x", BodyPublishers.noBody());
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("ERR_COMPONENT_NOT_FOUND");
  }
}
