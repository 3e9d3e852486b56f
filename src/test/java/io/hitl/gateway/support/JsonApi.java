package io.hitl.gateway.support;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * JSON calls with any method and any bearer key to a gateway on {@code 127.0.0.1:port}: what
 * {@link GatewayHttp} lacks for configuration APIs (PUT, DELETE, other principals' keys).
 */
public record JsonApi(int port, String key) {

  /** Calls with the test deployment key. */
  public static JsonApi of(int port) {
    return new JsonApi(port, TestGateway.API_KEY);
  }

  /** The same gateway, as the holder of {@code otherKey}. */
  public JsonApi as(String otherKey) {
    return new JsonApi(port, otherKey);
  }

  public HttpResponse<String> get(String path) {
    return call("GET", path, null);
  }

  public HttpResponse<String> post(String path, JsonObject body) {
    return call("POST", path, body.encode());
  }

  public HttpResponse<String> put(String path, JsonObject body) {
    return call("PUT", path, body.encode());
  }

  public HttpResponse<String> delete(String path) {
    return call("DELETE", path, null);
  }

  /** Any method with a raw body (or none when null). */
  public HttpResponse<String> call(String method, String path, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + key)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return GatewayHttp.send(request);
  }

  /** The body of a response that must have {@code status}; fails the test otherwise. */
  public static JsonObject expect(int status, HttpResponse<String> response) {
    if (response.statusCode() != status) {
      throw new AssertionError("expected " + status + " but got " + response.statusCode() + ": " + response.body());
    }
    return response.body().isEmpty() ? new JsonObject() : new JsonObject(response.body());
  }
}
