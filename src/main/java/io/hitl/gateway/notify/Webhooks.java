package io.hitl.gateway.notify;

import io.hitl.gateway.audit.AuditTrail;
import io.hitl.gateway.store.CachedRead;
import io.hitl.gateway.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The configured webhooks. Every change is written to the {@link AuditTrail} in its own
 * transaction; signing secrets go in encrypted and come out only at creation and rotation.
 */
public final class Webhooks {

  /** What a caller may set on a webhook. */
  public record Settings(String url, List<String> events, String description, boolean active) {
  }

  /** A webhook with the signing secret it was just given, shown to the caller once. */
  public record WithSecret(Webhook webhook, String signingSecret) {

    /** The webhook's representation plus {@code signing_secret}. */
    public JsonObject toJson() {
      return webhook.toJson().put("signing_secret", signingSecret);
    }
  }

  /** How long another replica's webhook change may go unseen by this one's outbox. */
  public static final long CACHE_MILLIS = 1000;

  /** An active webhook and the events it takes. */
  private record Subscription(UUID id, List<String> events) {
  }

  private final Pool pool;
  private final SigningSecrets secrets;
  private final AuditTrail audit;
  private final CachedRead<List<Subscription>> active = new CachedRead<>(Webhooks::active, CACHE_MILLIS);

  public Webhooks(Pool pool, SigningSecrets secrets, AuditTrail audit) {
    this.pool = pool;
    this.secrets = secrets;
    this.audit = audit;
  }

  /** Stores a new webhook with a new signing secret. */
  public Future<WithSecret> create(Settings settings, String actor) {
    String id = UUID.randomUUID().toString();
    String secret = SigningSecrets.generate();
    SigningSecrets.Sealed sealed = secrets.seal(id, secret);
    Tuple params = Tuple.of(id, settings.url(), settings.events().toArray(String[]::new), settings.description(),
        settings.active(), Buffer.buffer(sealed.ciphertext()), Buffer.buffer(sealed.nonce()));
    return pool.withTransaction(tx -> tx.preparedQuery(WebhookQueries.INSERT).execute(params)
        .map(rows -> Webhook.from(rows.iterator().next()))
        .compose(created -> audit.record(tx, "webhook.created", actor, null,
            new JsonObject().put("webhook", created.toJson())).map(created)))
        .onSuccess(created -> active.invalidate())
        .map(created -> new WithSecret(created, secret));
  }

  /** Every webhook, oldest first. */
  public Future<List<Webhook>> list() {
    return pool.query(WebhookQueries.LIST).execute().map(Webhooks::toList);
  }

  /** One webhook; 404 when unknown. */
  public Future<Webhook> get(String id) {
    requireUuid(id);
    return pool.preparedQuery(WebhookQueries.BY_ID).execute(Tuple.of(id)).map(rows -> single(rows, id));
  }

  /** Changes a webhook's settings: {@code change} gets the current ones and returns the new ones. */
  public Future<Webhook> update(String id, UnaryOperator<Settings> change, String actor) {
    requireUuid(id);
    return pool.withTransaction(tx -> tx.preparedQuery(WebhookQueries.LOCK).execute(Tuple.of(id))
        .map(rows -> single(rows, id))
        .compose(before -> {
          Settings after = change.apply(new Settings(before.url(), before.events(), before.description(), before.active()));
          Tuple params = Tuple.of(id, after.url(), after.events().toArray(String[]::new), after.description(),
              after.active());
          return tx.preparedQuery(WebhookQueries.UPDATE).execute(params)
              .map(rows -> Webhook.from(rows.iterator().next()))
              .compose(updated -> audit.record(tx, "webhook.updated", actor, null, new JsonObject()
                  .put("webhook_id", id).put("before", before.toJson()).put("after", updated.toJson())).map(updated));
        })).onSuccess(updated -> active.invalidate());
  }

  /** Deletes a webhook and its delivery log; 404 when unknown. */
  public Future<Void> delete(String id, String actor) {
    requireUuid(id);
    return pool.withTransaction(tx -> tx.preparedQuery(WebhookQueries.DELETE).execute(Tuple.of(id))
        .map(rows -> single(rows, id))
        .compose(deleted -> audit.record(tx, "webhook.deleted", actor, null,
            new JsonObject().put("webhook", deleted.toJson()))))
        .onSuccess(deleted -> active.invalidate());
  }

  /** Gives a webhook a new signing secret; deliveries sent from now on are signed with it. */
  public Future<WithSecret> rotateSecret(String id, String actor) {
    requireUuid(id);
    String secret = SigningSecrets.generate();
    SigningSecrets.Sealed sealed = secrets.seal(id, secret);
    Tuple params = Tuple.of(id, Buffer.buffer(sealed.ciphertext()), Buffer.buffer(sealed.nonce()));
    return pool.withTransaction(tx -> tx.preparedQuery(WebhookQueries.ROTATE).execute(params)
        .map(rows -> single(rows, id))
        .compose(rotated -> audit.record(tx, "webhook.secret_rotated", actor, null,
            new JsonObject().put("webhook_id", id)).map(rotated)))
        .map(rotated -> new WithSecret(rotated, secret));
  }

  /**
   * The ids of the active webhooks subscribed to {@code event}, without a query per request batch:
   * changes through this replica apply at once, those through another within {@link #CACHE_MILLIS}.
   */
  Future<List<UUID>> subscribers(SqlClient tx, String event) {
    return active.get(tx).map(all -> {
      List<UUID> ids = new ArrayList<>(all.size());
      for (Subscription s : all) {
        if (s.events().contains(event)) {
          ids.add(s.id());
        }
      }
      return ids;
    });
  }

  private static Future<List<Subscription>> active(SqlClient client) {
    return client.preparedQuery(WebhookQueries.ACTIVE).execute().map(rows -> {
      List<Subscription> all = new ArrayList<>(rows.size());
      rows.forEach(row -> all.add(new Subscription(row.getUUID("id"), List.of(row.getArrayOfStrings("events")))));
      return all;
    });
  }

  private static List<Webhook> toList(RowSet<Row> rows) {
    List<Webhook> list = new ArrayList<>(rows.size());
    rows.forEach(row -> list.add(Webhook.from(row)));
    return list;
  }

  private static Webhook single(RowSet<Row> rows, String id) {
    if (rows.size() == 0) {
      throw ApiException.notFound("no webhook " + id);
    }
    return Webhook.from(rows.iterator().next());
  }

  private static void requireUuid(String id) {
    if (!Ids.isUuid(id)) {
      throw ApiException.notFound("no webhook " + id);
    }
  }
}
