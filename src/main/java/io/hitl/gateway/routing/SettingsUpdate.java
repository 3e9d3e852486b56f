package io.hitl.gateway.routing;

import io.hitl.gateway.http.ApiException;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Set;

/**
 * A {@code PUT /api/v1/settings} body applied to the current settings: fields left out keep their
 * value, {@code null} (or {@code ""}) clears a number or outcome. The result is validated as a
 * whole: positive minutes, and a timeout and default outcome whenever auto-response is enabled.
 */
final class SettingsUpdate {

  /** Ten years: longer is a mistake, not a timeout. */
  static final BigDecimal MAX_MINUTES = BigDecimal.valueOf(5_256_000);
  static final int MAX_OUTCOME = 200;
  private static final Set<String> FIELDS = Set.of("email_notifications", "auto_response", "sla_target_minutes",
      "updated_at", "updated_by");
  private static final Set<String> AUTO_RESPONSE_FIELDS = Set.of("enabled", "timeout_minutes", "default_outcome");

  private SettingsUpdate() {
  }

  /** {@code current} with the body's changes; 422 naming the field when the result is not valid. */
  static HitlSettings apply(HitlSettings current, JsonObject body) {
    for (String field : body.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw ApiException.invalid("unknown field '" + field + "'; settings are " + FIELDS);
      }
    }
    boolean email = bool(body, "email_notifications", current.emailNotifications());
    boolean enabled = current.autoResponseEnabled();
    BigDecimal timeout = current.autoResponseTimeoutMinutes();
    String outcome = current.autoResponseDefaultOutcome();
    if (body.containsKey("auto_response")) {
      if (!(body.getValue("auto_response") instanceof JsonObject auto)) {
        throw ApiException.invalid("field 'auto_response' must be an object {enabled, timeout_minutes, default_outcome}");
      }
      for (String field : auto.fieldNames()) {
        if (!AUTO_RESPONSE_FIELDS.contains(field)) {
          throw ApiException.invalid("unknown field 'auto_response." + field + "'");
        }
      }
      enabled = bool(auto, "enabled", enabled);
      timeout = auto.containsKey("timeout_minutes") ? minutes(auto.getValue("timeout_minutes"), "auto_response.timeout_minutes") : timeout;
      outcome = auto.containsKey("default_outcome") ? outcome(auto.getValue("default_outcome")) : outcome;
    }
    BigDecimal sla = body.containsKey("sla_target_minutes")
        ? minutes(body.getValue("sla_target_minutes"), "sla_target_minutes") : current.slaTargetMinutes();
    if (enabled && (timeout == null || outcome == null)) {
      throw ApiException.invalid("auto-response needs 'auto_response.timeout_minutes' and"
          + " 'auto_response.default_outcome' when enabled");
    }
    return new HitlSettings(email, enabled, timeout, outcome, sla, current.updatedAt(), current.updatedBy());
  }

  private static boolean bool(JsonObject json, String field, boolean current) {
    if (!json.containsKey(field)) {
      return current;
    }
    if (!(json.getValue(field) instanceof Boolean value)) {
      throw ApiException.invalid("field '" + field + "' must be true or false");
    }
    return value;
  }

  private static BigDecimal minutes(Object value, String field) {
    if (value == null || value instanceof String s && s.isBlank()) {
      return null;
    }
    if (!(value instanceof Number number)) {
      throw ApiException.invalid("field '" + field + "' must be a number of minutes (decimals allowed), or null");
    }
    BigDecimal minutes;
    try {
      minutes = new BigDecimal(number.toString());
    } catch (NumberFormatException e) {
      throw ApiException.invalid("field '" + field + "' must be a finite number of minutes");
    }
    if (minutes.signum() <= 0 || minutes.compareTo(MAX_MINUTES) > 0) {
      throw ApiException.invalid("field '" + field + "' must be more than 0 and at most " + MAX_MINUTES + " minutes");
    }
    return minutes;
  }

  private static String outcome(Object value) {
    if (value == null || value instanceof String s && s.isBlank()) {
      return null;
    }
    if (!(value instanceof String s) || s.length() > MAX_OUTCOME) {
      throw ApiException.invalid("field 'auto_response.default_outcome' must be an emit option (a string of at most "
          + MAX_OUTCOME + " characters)");
    }
    return s;
  }
}
