package io.hitl.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /openapi.yaml: served without a key, the seed's operationIds, and no documented endpoint that does not exist. */
class OpenApiIT {

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.create();

  @SuppressWarnings("unchecked")
  private static JsonObject document() throws Exception {
    HttpResponse<String> response = TestGateway.send(HttpRequest.newBuilder(URI.create(env.gateway().url("/openapi.yaml"))));
    assertEquals(200, response.statusCode(), "served without an API key");
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/yaml"));
    return new JsonObject(new ObjectMapper(new YAMLFactory()).readValue(response.body(), Map.class));
  }

  @Test
  void theArazzoWorkflowsOperationsAreTheCrewEndpoints() throws Exception {
    JsonObject paths = document().getJsonObject("paths");
    assertEquals("kickoffCrew", paths.getJsonObject("/kickoff").getJsonObject("post").getString("operationId"));
    assertEquals("getKickoffStatus", paths.getJsonObject("/status/{kickoff_id}").getJsonObject("get").getString("operationId"));
    assertEquals("resumeKickoff", paths.getJsonObject("/resume").getJsonObject("post").getString("operationId"));
    assertTrue(document().getString("openapi").startsWith("3."));
  }

  @Test
  void everyDocumentedOperationExists() throws Exception {
    JsonObject paths = document().getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      String concrete = path.replace("{kickoff_id}", "00000000-0000-0000-0000-000000000000")
          .replace("{request_id}", "00000000-0000-0000-0000-000000000000")
          .replace("{execution_id}", "exec-openapi").replace("{crew}", "demo")
          .replace("{rule_id}", "00000000-0000-0000-0000-000000000000");
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (path.startsWith("/ws/") || path.startsWith("/events/")) {
          continue; // upgrades and endless streams; AuthIT and the stream tests cover them
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(env.gateway().url(concrete)))
            .header("Authorization", "Bearer " + TestGateway.API_KEY)
            .method(method.toUpperCase(), "post".equals(method)
                ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if ("post".equals(method)) {
          request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = TestGateway.send(request);
        assertNotEquals(405, response.statusCode(), method + " " + path);
        if (response.statusCode() == 404) {
          assertNotEquals("no such endpoint", new JsonObject(response.body()).getString("message"), method + " " + path);
        }
      }
    }
  }
}
