package io.hitl.gateway.routing;

import io.hitl.gateway.audit.AuditTrail;
import io.hitl.gateway.store.CachedRead;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** The settings row; every change is recorded in the audit trail in its own transaction. */
public final class SettingsStore {

  /** How long another replica's settings change may go unseen by this one's request path. */
  public static final long CACHE_MILLIS = 1000;

  private final Pool pool;
  private final AuditTrail audit;
  private final CachedRead<HitlSettings> current = new CachedRead<>(SettingsStore::read, CACHE_MILLIS);

  public SettingsStore(Pool pool, AuditTrail audit) {
    this.pool = pool;
    this.audit = audit;
  }

  /**
   * The settings for the hot path of creating requests, without a query per batch: changes through
   * this replica apply at once, those through another within {@link #CACHE_MILLIS}.
   */
  public Future<HitlSettings> current(SqlClient client) {
    return current.get(client);
  }

  /** The settings as seen by {@code client} (a pool or an open transaction), for any concern that needs them. */
  public static Future<HitlSettings> read(SqlClient client) {
    return client.preparedQuery(SettingsQueries.READ).execute().map(rows -> HitlSettings.from(rows.iterator().next()));
  }

  /** The current settings. */
  public Future<HitlSettings> get() {
    return read(pool);
  }

  /**
   * Applies a {@code PUT} body (see {@link SettingsUpdate}) and records {@code settings.updated}
   * with the values before and after; a body that changes nothing writes nothing.
   */
  Future<HitlSettings> update(JsonObject body, String actor) {
    return pool.withTransaction(tx -> tx.preparedQuery(SettingsQueries.READ_FOR_UPDATE).execute().compose(rows -> {
      HitlSettings before = HitlSettings.from(rows.iterator().next());
      HitlSettings after = SettingsUpdate.apply(before, body);
      if (after.sameValues(before)) {
        return Future.succeededFuture(before);
      }
      Tuple params = Tuple.of(after.emailNotifications(), after.autoResponseEnabled(),
          text(after.autoResponseTimeoutMinutes()), after.autoResponseDefaultOutcome(),
          text(after.slaTargetMinutes()), actor);
      return tx.preparedQuery(SettingsQueries.UPDATE).execute(params).compose(updated -> {
        HitlSettings stored = HitlSettings.from(updated.iterator().next());
        return audit.record(tx, "settings.updated", actor, null,
            new JsonObject().put("before", before.values()).put("after", stored.values())).map(stored);
      });
    })).onSuccess(changed -> current.invalidate());
  }

  private static String text(java.math.BigDecimal value) {
    return value == null ? null : value.toPlainString();
  }
}
