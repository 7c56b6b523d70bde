package io.capa.runtime.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A blocking HTTP/1.1 client against one local port, for end-to-end tests over real sockets. */
public final class TestHttp implements AutoCloseable {
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
          .connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;

  public TestHttp(int port) {
    this.port = port;
  }

  public HttpResponse<String> get(String path, String... headers) {
    return send("GET", path, HttpRequest.BodyPublishers.noBody(), headers);
  }

  public HttpResponse<String> delete(String path) {
    return send("DELETE", path, HttpRequest.BodyPublishers.noBody());
  }

  public HttpResponse<String> post(String path, String body, String... headers) {
    return send("POST", path, HttpRequest.BodyPublishers.ofString(body), headers);
  }

  public HttpResponse<String> put(String path, String body) {
    return send("PUT", path, HttpRequest.BodyPublishers.ofString(body));
  }

  /** Sends {@code body} without a Content-Length, so it goes chunked. */
  public HttpResponse<String> postChunked(String path, byte[] body) {
    return send("POST", path, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
  }

  public HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, body);
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
