package io.hitl.gateway.support;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * Blocking HTTP calls to a gateway on {@code 127.0.0.1:port} with one credential (an API key or
 * a JWT), or none when it is null: for tests of who may do what.
 */
public record Caller(int port, String credential) {

  /** The deployment (service) key every test gateway accepts. */
  public static Caller service(int port) {
    return new Caller(port, TestGateway.API_KEY);
  }

  /** The same gateway, with another credential. */
  public Caller as(String otherCredential) {
    return new Caller(port, otherCredential);
  }

  public HttpResponse<String> get(String path) {
    return send("GET", path, null, Map.of());
  }

  public HttpResponse<String> post(String path, JsonObject body) {
    return call("POST", path, body, Map.of());
  }

  public HttpResponse<String> put(String path, JsonObject body) {
    return call("PUT", path, body, Map.of());
  }

  public HttpResponse<String> delete(String path) {
    return send("DELETE", path, null, Map.of());
  }

  /** Any method with an optional JSON body and extra headers. */
  public HttpResponse<String> call(String method, String path, JsonObject body, Map<String, String> headers) {
    return send(method, path, body == null ? null : body.encode(), headers);
  }

  /** Any method with a raw body (none when null), sent as JSON: for malformed-input tests. */
  public HttpResponse<String> call(String method, String path, String body) {
    return send(method, path, body, Map.of());
  }

  private HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (credential != null) {
      request.header("Authorization", "Bearer " + credential);
    }
    headers.forEach(request::header);
    return GatewayHttp.send(request);
  }

  /** The JSON body of a response that must have the given status; fails the test otherwise. */
  public static JsonObject expect(int status, HttpResponse<String> response) {
    if (response.statusCode() != status) {
      throw new AssertionError("expected " + status + " but got " + response.statusCode() + ": " + response.body());
    }
    return response.body().isEmpty() ? new JsonObject() : new JsonObject(response.body());
  }
}
