package io.hitl.gateway.routing;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The deployment's human-in-the-loop settings (seed 001, "Platform Configuration"). Minutes may
 * have decimals.
 *
 * @param emailNotifications send emails when feedback is requested (default on)
 * @param autoResponseEnabled answer requests nobody answered within the timeout
 * @param autoResponseTimeoutMinutes null unless set
 * @param autoResponseDefaultOutcome the answer given; it must be one of a request's emit options
 * @param slaTargetMinutes the target response time; null disables SLA tracking
 * @param updatedBy who changed them last (email, {@code api}), or null when never changed
 */
public record HitlSettings(boolean emailNotifications, boolean autoResponseEnabled,
    BigDecimal autoResponseTimeoutMinutes, String autoResponseDefaultOutcome, BigDecimal slaTargetMinutes,
    OffsetDateTime updatedAt, String updatedBy) {

  /** Maps a row selected with {@link SettingsQueries#COLUMNS}. */
  static HitlSettings from(Row row) {
    return new HitlSettings(row.getBoolean("email_notifications"), row.getBoolean("auto_response_enabled"),
        row.getBigDecimal("auto_response_timeout_minutes"), row.getString("auto_response_default_outcome"),
        row.getBigDecimal("sla_target_minutes"), row.getOffsetDateTime("updated_at"), row.getString("updated_by"));
  }

  /** The API representation, without who changed it when (see {@link #toJson()}). */
  public JsonObject values() {
    return new JsonObject()
        .put("email_notifications", emailNotifications)
        .put("auto_response", new JsonObject()
            .put("enabled", autoResponseEnabled)
            .put("timeout_minutes", number(autoResponseTimeoutMinutes))
            .put("default_outcome", autoResponseDefaultOutcome))
        .put("sla_target_minutes", number(slaTargetMinutes));
  }

  /** The API representation. */
  public JsonObject toJson() {
    return values()
        .put("updated_at", updatedAt == null ? null : updatedAt.withOffsetSameInstant(ZoneOffset.UTC).toInstant().toString())
        .put("updated_by", updatedBy);
  }

  /** True when both configure the same behaviour (whoever changed them when). */
  public boolean sameValues(HitlSettings other) {
    return emailNotifications == other.emailNotifications && autoResponseEnabled == other.autoResponseEnabled
        && sameNumber(autoResponseTimeoutMinutes, other.autoResponseTimeoutMinutes)
        && Objects.equals(autoResponseDefaultOutcome, other.autoResponseDefaultOutcome)
        && sameNumber(slaTargetMinutes, other.slaTargetMinutes);
  }

  private static boolean sameNumber(BigDecimal a, BigDecimal b) {
    return a == null ? b == null : b != null && a.compareTo(b) == 0;
  }

  // 0.050 from a numeric column reads back as 0.05, and 5.0 as 5.
  private static Number number(BigDecimal value) {
    if (value == null) {
      return null;
    }
    BigDecimal plain = value.stripTrailingZeros();
    return plain.scale() <= 0 ? (Number) plain.toBigIntegerExact() : plain;
  }
}
