package io.hitl.gateway.email;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * The "Email Notifications" setting of the deployment (seed 001, default on). It is read inside
 * the transaction that creates a request, so a change applies from the next request on.
 */
@FunctionalInterface
public interface EmailSwitch {

  /** Whether notifications are on. */
  Future<Boolean> enabled(SqlClient tx);

  /** On, always: used until the settings table ({@code hitl_settings.email_notifications}) exists. */
  EmailSwitch ALWAYS_ON = tx -> Future.succeededFuture(true);
}
