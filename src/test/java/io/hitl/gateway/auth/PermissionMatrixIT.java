package io.hitl.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hitl.gateway.support.GatewayHttp;
import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Walks every operation of {@code /openapi.yaml} with each kind of caller — none, a credential
 * without permissions, a reviewer, a manager, a deployment key — and checks that each is let in
 * or refused exactly as the operation's {@code x-permission} says. A new endpoint without an
 * {@code x-permission} fails the walk.
 */
class PermissionMatrixIT {

  private static final String JWT_SECRET = "permission-matrix-secret-0123456789abcdef";
  private static final String ZERO_ID = "00000000-0000-0000-0000-000000000000";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.of(() -> TestGateway.start(TestDatabases.fresh(), Map.of(
      "HITL_JWT_SECRET", JWT_SECRET,
      "HITL_REVIEWER_KEYS", "manager@example.com:manage_human_feedback:manager-key-123,"
          + "rita@example.com:respond_to_human_feedback:reviewer-key-123")));

  private record Caller(String name, String credential, Set<String> allowed) {
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyOperationAdmitsExactlyTheCallersItsPermissionNames() throws Exception {
    String nobody = new JwtPrincipals(env.vertx(), JWT_SECRET, null).issue("nobody@example.com", Set.of(), 600);
    List<Caller> callers = List.of(
        new Caller("no credential", null, Set.of("public")),
        new Caller("a token without permissions", nobody, Set.of("public", "any")),
        new Caller("a reviewer", "reviewer-key-123", Set.of("public", "any", "respond")),
        new Caller("a manager", "manager-key-123", Set.of("public", "any", "respond", "manage")),
        new Caller("a deployment key", TestGateway.API_KEY, Set.of("public", "any", "respond", "manage", "service")));

    GatewayHttp http = env.gateway().http();
    JsonObject document = new JsonObject(new ObjectMapper(new YAMLFactory())
        .readValue(http.probe("/openapi.yaml").body(), Map.class));
    JsonObject paths = document.getJsonObject("paths");
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (String path : paths.fieldNames()) {
      String concrete = path.replace("{crew}", "demo").replaceAll("\\{[a-z_]+}", ZERO_ID);
      for (String method : paths.getJsonObject(path).fieldNames()) {
        String permission = paths.getJsonObject(path).getJsonObject(method).getString("x-permission");
        if (permission == null) {
          failures.add(method.toUpperCase() + " " + path + " has no x-permission");
          continue;
        }
        for (Caller caller : callers) {
          Answer answer = call(method.toUpperCase(), http.url(concrete), caller.credential);
          int status = answer.status;
          // A refusal for who the caller is, not for what it sent (a bad callback signature is 401 invalid_signature).
          boolean refused = "unauthorized".equals(answer.error) || "forbidden".equals(answer.error);
          boolean shouldPass = caller.allowed.contains(permission);
          if (refused == shouldPass) {
            failures.add(method.toUpperCase() + " " + path + " (" + permission + ") answered " + status + " to " + caller.name);
          }
          if (refused && caller.credential == null && !"unauthorized".equals(answer.error)) {
            failures.add(method.toUpperCase() + " " + path + " answered " + status + " instead of 401 to " + caller.name);
          }
          checked++;
        }
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
    assertTrue(checked >= 5 * 25, "walked only " + checked + " calls");
  }

  @Test
  void aWrongCredentialIs401Everywhere() {
    assertEquals(401, statusOf("GET", env.gateway().url("/api/v1/human-input-requests"), "not-a-key-at-all"));
    assertEquals(401, statusOf("GET", env.gateway().url("/metrics"), "not-a-key-at-all"));
    assertFalse(statusOf("GET", env.gateway().url("/health"), "not-a-key-at-all") == 401, "health needs no key");
  }

  private record Answer(int status, String error) {
  }

  private static int statusOf(String method, String url, String credential) {
    return call(method, url, credential).status;
  }

  /** The status, and the error code of a 401 or 403; streams answer their headers and are then dropped. */
  private static Answer call(String method, String url, String credential) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .method(method, method.equals("POST") || method.equals("PUT") || method.equals("PATCH")
            ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody())
        .header("Content-Type", "application/json");
    if (credential != null) {
      request.header("Authorization", "Bearer " + credential);
    }
    try {
      HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 401 && response.statusCode() != 403) {
          return new Answer(response.statusCode(), null);
        }
        return new Answer(response.statusCode(),
            new JsonObject(new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).getString("error"));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(method + " " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
