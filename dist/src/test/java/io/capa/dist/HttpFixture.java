package io.capa.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A plain HTTP client for one node's API, as an application would use it. */
public final class HttpFixture {
  private static final Pattern ERROR_CODE = Pattern.compile("\"errorCode\"\\s*:\\s*\"([A-Z_]+)\"");

  /** A response: its status and body text. */
  public record Response(int status, String body) {
    public String errorCode() {
      Matcher m = ERROR_CODE.matcher(body);
      return m.find() ? m.group(1) : "";
    }

    public long asLong() {
      assertThat(status).as("status of a response expected to carry a number: %s", body).isEqualTo(200);
      return Long.parseLong(body.trim());
    }
  }

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
  private final String base;
  private final Duration timeout;

  public HttpFixture(int port, Duration timeout) {
    this.base = "http://127.0.0.1:" + port;
    this.timeout = timeout;
  }

  public Response get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  public Response post(String path, String body, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json");
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b);
  }

  /** Calls an actor method by POST, as Dapr clients do. */
  public Response invoke(String type, String id, String method, String body, String... headers)
      throws IOException, InterruptedException {
    return post("/v1.0/actors/" + type + "/" + id + "/method/" + method, body, headers);
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private Response send(HttpRequest.Builder b) throws IOException, InterruptedException {
    HttpResponse<String> r = client.send(b.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    return new Response(r.statusCode(), r.body());
  }
}
