package io.hitl.gateway.routing;

/** SQL for the settings row. */
final class SettingsQueries {

  static final String COLUMNS = "email_notifications, auto_response_enabled, auto_response_timeout_minutes,"
      + " auto_response_default_outcome, sla_target_minutes, updated_at, updated_by";

  static final String READ = "select " + COLUMNS + " from hitl_settings where id = 1";

  static final String READ_FOR_UPDATE = READ + " for update";

  static final String UPDATE = "update hitl_settings set email_notifications = $1, auto_response_enabled = $2,"
      + " auto_response_timeout_minutes = $3::text::numeric, auto_response_default_outcome = $4,"
      + " sla_target_minutes = $5::text::numeric, updated_at = now(), updated_by = $6"
      + " where id = 1 returning " + COLUMNS;

  private SettingsQueries() {
  }
}
