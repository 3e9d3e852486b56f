package io.hitl.gateway.routing;

import static io.hitl.gateway.support.Caller.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.Caller;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /api/v1/settings}: defaults, round trip, partial updates, validation, permissions. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SettingsIT {

  private static final String SETTINGS = "/api/v1/settings";
  private static final String REVIEWER_KEY = "reviewer-key-0123456789";

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.of(() -> TestGateway.start(TestDatabases.fresh(), Map.of(
      "HITL_REVIEWER_KEYS", "reviewer@company.com:respond_to_human_feedback:" + REVIEWER_KEY)));

  private static Caller api() {
    return Caller.service(env.gateway().port());
  }

  @Test
  @Order(1)
  void defaultsAreEmailOnAutoResponseOffNoSla() {
    JsonObject settings = expect(200, api().get(SETTINGS));
    assertEquals(true, settings.getBoolean("email_notifications"));
    assertEquals(new JsonObject().put("enabled", false).putNull("timeout_minutes").putNull("default_outcome"),
        settings.getJsonObject("auto_response"));
    assertNull(settings.getValue("sla_target_minutes"));
    assertNull(settings.getValue("updated_by"));
  }

  @Test
  @Order(2)
  void aPutRoundTripsAndKeepsDecimalMinutes() {
    JsonObject wanted = new JsonObject()
        .put("email_notifications", false)
        .put("auto_response", new JsonObject().put("enabled", true).put("timeout_minutes", 0.05).put("default_outcome", "approved"))
        .put("sla_target_minutes", 90.5);
    JsonObject stored = expect(200, api().put(SETTINGS, wanted));
    JsonObject read = expect(200, api().get(SETTINGS));
    for (JsonObject s : List.of(stored, read)) {
      assertEquals(false, s.getBoolean("email_notifications"));
      assertEquals(true, s.getJsonObject("auto_response").getBoolean("enabled"));
      assertEquals(0.05, s.getJsonObject("auto_response").getDouble("timeout_minutes"));
      assertEquals("approved", s.getJsonObject("auto_response").getString("default_outcome"));
      assertEquals(90.5, s.getDouble("sla_target_minutes"));
      assertEquals("api", s.getString("updated_by"));
      assertNotNull(s.getString("updated_at"));
    }
    // GET's body can be PUT back as is
    assertEquals(read.getJsonObject("auto_response"), expect(200, api().put(SETTINGS, read)).getJsonObject("auto_response"));
  }

  @Test
  @Order(3)
  void fieldsLeftOutKeepTheirValueAndNullOrEmptyTurnsSlaOff() {
    expect(200, api().put(SETTINGS, new JsonObject().put("sla_target_minutes", 30)));
    JsonObject partial = expect(200, api().put(SETTINGS, new JsonObject().put("email_notifications", true)));
    assertEquals(30, partial.getInteger("sla_target_minutes"));
    assertEquals(true, partial.getJsonObject("auto_response").getBoolean("enabled"), "untouched");
    assertNull(expect(200, api().put(SETTINGS, new JsonObject().put("sla_target_minutes", ""))).getValue("sla_target_minutes"));
    expect(200, api().put(SETTINGS, new JsonObject().put("sla_target_minutes", 30)));
    assertNull(expect(200, api().put(SETTINGS, new JsonObject().putNull("sla_target_minutes"))).getValue("sla_target_minutes"));
    JsonObject off = expect(200, api().put(SETTINGS, new JsonObject().put("auto_response", new JsonObject().put("enabled", false))));
    assertEquals(false, off.getJsonObject("auto_response").getBoolean("enabled"));
    assertEquals("approved", off.getJsonObject("auto_response").getString("default_outcome"), "kept for next time");
  }

  @Test
  @Order(4)
  void invalidSettingsGet422AndChangeNothing() {
    JsonObject before = expect(200, api().get(SETTINGS));
    List<JsonObject> invalid = List.of(
        new JsonObject().put("sla_target_minutes", 0),
        new JsonObject().put("sla_target_minutes", -5),
        new JsonObject().put("sla_target_minutes", "ten"),
        new JsonObject().put("sla_target_minutes", 1e12),
        new JsonObject().put("email_notifications", "yes"),
        new JsonObject().put("auto_response", true),
        new JsonObject().put("auto_response", new JsonObject().put("enabled", true).putNull("timeout_minutes")),
        new JsonObject().put("auto_response", new JsonObject().put("enabled", true).put("timeout_minutes", 5)
            .putNull("default_outcome")),
        new JsonObject().put("auto_response", new JsonObject().put("timeout_minutes", 0)),
        new JsonObject().put("auto_response", new JsonObject().put("default_outcome", 7)),
        new JsonObject().put("auto_response", new JsonObject().put("enable", true)),
        new JsonObject().put("sla_minutes", 5));
    for (JsonObject body : invalid) {
      var response = api().put(SETTINGS, body);
      assertEquals(422, response.statusCode(), body.encode() + " → " + response.body());
      assertEquals("validation_failed", new JsonObject(response.body()).getString("error"));
    }
    assertEquals(400, api().call("PUT", SETTINGS, "[1,2]").statusCode());
    assertEquals(before, expect(200, api().get(SETTINGS)));
  }

  @Test
  @Order(5)
  void onlyManagersReadOrChangeSettings() {
    Caller reviewer = api().as(REVIEWER_KEY);
    assertEquals(403, reviewer.get(SETTINGS).statusCode());
    assertEquals(403, reviewer.put(SETTINGS, new JsonObject().put("email_notifications", false)).statusCode());
  }
}
