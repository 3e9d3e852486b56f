package io.hitl.gateway.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Concurrent producers share transactions: with one transaction open at a time (pool of 2),
 * creates that arrive meanwhile go together into the next one; every one is still answered with
 * its own committed request and event.
 */
class GroupCommitIT {

  private static final int PRODUCERS = 200;

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.of(() -> TestGateway.start(TestDatabases.fresh(),
      Map.of("HITL_DB_POOL_SIZE", "2")));

  @Test
  void concurrentCreatesShareCommitsAndEachGetsItsOwnRequest() {
    HttpClient client = env.vertx().createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(PRODUCERS));
    List<Future<JsonObject>> answers = new ArrayList<>();
    for (int i = 0; i < PRODUCERS; i++) {
      String body = new JsonObject().put("execution_id", "exec-group").put("task_id", "t").put("prompt", "p" + i).encode();
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
          .setPort(env.gateway().port()).setURI("/api/v1/human-input-requests")
          .putHeader("Authorization", "Bearer " + TestGateway.API_KEY).putHeader("Content-Type", "application/json");
      answers.add(client.request(options).compose(req -> req.send(body)).compose(resp -> resp.body().map(b -> {
        assertEquals(201, resp.statusCode(), b.toString());
        return b.toJsonObject();
      })));
    }
    List<JsonObject> created = Future.all(answers).await().list();

    Set<String> prompts = new HashSet<>();
    Set<String> requestIds = new HashSet<>();
    for (JsonObject request : created) {
      prompts.add(request.getString("prompt"));
      requestIds.add(request.getString("request_id"));
    }
    assertEquals(PRODUCERS, prompts.size(), "each producer got back its own request");
    assertEquals(PRODUCERS, requestIds.size());

    JsonArray listed = new JsonObject(env.gateway().get("/api/v1/human-input-requests?execution_id=exec-group&limit=1000")
        .body()).getJsonArray("requests");
    assertEquals(PRODUCERS, listed.size(), "every request is stored");
    int events = 0;
    String cursor = null;
    do {
      JsonObject page = new JsonObject(env.gateway().get("/poll/human-input/exec-group"
          + (cursor == null ? "" : "?last_event_id=" + cursor)).body());
      events += page.getJsonArray("events").size();
      cursor = page.getJsonArray("events").isEmpty() ? null : page.getString("last_event_id");
    } while (cursor != null);
    assertEquals(PRODUCERS, events, "every request has its one human_input_required event");

    double transactions = env.gateway().metric("hitl_events_appended_per_transaction_count");
    double appended = env.gateway().metric("hitl_events_appended_per_transaction_sum");
    double largest = env.gateway().metric("hitl_events_appended_per_transaction_max");
    assertEquals(PRODUCERS, appended, 0.0);
    assertTrue(transactions < PRODUCERS, "creates shared transactions: " + transactions + " for " + PRODUCERS);
    assertTrue(largest > 1, "at least one transaction carried several events: " + largest);
  }
}
