package io.hitl.gateway.routing;

import io.hitl.gateway.audit.AuditTrail;
import io.hitl.gateway.http.ApiException;
import io.hitl.gateway.store.CachedRead;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The stored routing rules. Positions stay dense (1..n) after every change; changes are
 * serialised by a table lock and recorded in the audit trail in their own transaction.
 */
public final class RoutingRuleStore {

  /** How long another replica's rule change may go unseen by this one's routing. */
  public static final long CACHE_MILLIS = 1000;

  private final Pool pool;
  private final AuditTrail audit;
  private final CachedRead<List<RoutingRule>> current = new CachedRead<>(RoutingRuleStore::list, CACHE_MILLIS);

  public RoutingRuleStore(Pool pool, AuditTrail audit) {
    this.pool = pool;
    this.audit = audit;
  }

  /**
   * The rules routing uses, without a query per create batch: changes through this replica apply
   * at once, those through another within {@link #CACHE_MILLIS}.
   */
  public Future<List<RoutingRule>> current(SqlClient client) {
    return current.get(client);
  }

  /** Every rule in evaluation order, read through {@code client} (a pool or an open transaction). */
  public static Future<List<RoutingRule>> list(SqlClient client) {
    return client.preparedQuery(RoutingQueries.LIST).execute().map(rows -> {
      List<RoutingRule> rules = new ArrayList<>(rows.size());
      for (Row row : rows) {
        rules.add(RoutingRule.from(row));
      }
      return rules;
    });
  }

  /** Every rule in evaluation order. */
  public Future<List<RoutingRule>> list() {
    return list(pool);
  }

  /** One rule; 404 when unknown. */
  public Future<RoutingRule> get(String id) {
    UUID uuid = uuid(id);
    return pool.preparedQuery(RoutingQueries.BY_ID).execute(Tuple.of(uuid)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(notFound(id)) : Future.succeededFuture(RoutingRule.from(rows.iterator().next())));
  }

  /** Adds a rule at its position (shifting later ones down) or, without one, last. */
  Future<RoutingRule> create(RuleDraft draft, String actor) {
    String id = UUID.randomUUID().toString();
    return pool.withTransaction(tx -> locked(tx).compose(rules -> {
      List<String> order = ids(rules);
      int index = draft.position() == null ? order.size() : Math.min(draft.position() - 1, order.size());
      order.add(index, id);
      return tx.preparedQuery(RoutingQueries.INSERT).execute(Tuple.of(id, order.size() + 1, draft.name(),
              draft.methodPattern(), encode(draft.matchState()), draft.assignToEmail(), draft.assignFromInput()))
          .compose(v -> reorder(tx, order))
          .compose(v -> read(tx, id))
          .compose(created -> audit.record(tx, "routing_rule.created", actor, null,
              new JsonObject().put("rule", created.toJson())).map(created));
    })).onSuccess(changed -> current.invalidate());
  }

  /** Replaces a rule's fields; with a position, also moves it there. */
  Future<RoutingRule> update(String ruleId, RuleDraft draft, String actor) {
    String id = uuid(ruleId).toString();
    return pool.withTransaction(tx -> locked(tx).compose(rules -> {
      RoutingRule before = find(rules, id);
      List<String> order = ids(rules);
      if (draft.position() != null) {
        order.remove(id);
        order.add(Math.min(draft.position() - 1, order.size()), id);
      }
      return tx.preparedQuery(RoutingQueries.UPDATE).execute(Tuple.of(id, draft.name(), draft.methodPattern(),
              encode(draft.matchState()), draft.assignToEmail(), draft.assignFromInput()))
          .compose(v -> reorder(tx, order))
          .compose(v -> read(tx, id))
          .compose(after -> audit.record(tx, "routing_rule.updated", actor, null,
              new JsonObject().put("before", before.toJson()).put("after", after.toJson())).map(after));
    })).onSuccess(changed -> current.invalidate());
  }

  /** Removes a rule; later ones move up. */
  Future<RoutingRule> delete(String ruleId, String actor) {
    String id = uuid(ruleId).toString();
    return pool.withTransaction(tx -> locked(tx).compose(rules -> {
      RoutingRule gone = find(rules, id);
      List<String> order = ids(rules);
      order.remove(id);
      return tx.preparedQuery(RoutingQueries.DELETE).execute(Tuple.of(id))
          .compose(v -> reorder(tx, order))
          .compose(v -> audit.record(tx, "routing_rule.deleted", actor, null, new JsonObject().put("rule", gone.toJson())))
          .map(gone);
    })).onSuccess(changed -> current.invalidate());
  }

  /**
   * Puts every rule in the order of {@code ids}, which must name each rule exactly once; 422
   * otherwise.
   */
  Future<List<RoutingRule>> reorder(List<String> ids, String actor) {
    return pool.withTransaction(tx -> locked(tx).compose(rules -> {
      Set<String> current = new HashSet<>(ids(rules));
      Set<String> given = new HashSet<>();
      for (String id : ids) {
        if (!given.add(id.toLowerCase())) {
          return Future.failedFuture(ApiException.invalid("rule " + id + " appears twice in 'ids'"));
        }
      }
      if (!current.equals(given)) {
        return Future.failedFuture(ApiException.invalid("'ids' must list every routing rule exactly once: "
            + current.size() + " rules exist, the current order is " + new JsonArray(ids(rules))));
      }
      List<String> order = ids.stream().map(String::toLowerCase).toList();
      return reorder(tx, order)
          .compose(v -> list(tx))
          .compose(after -> audit.record(tx, "routing_rules.reordered", actor, null,
              new JsonObject().put("before", new JsonArray(ids(rules))).put("after", new JsonArray(ids(after))))
              .map(after));
    })).onSuccess(changed -> current.invalidate());
  }

  private static Future<List<RoutingRule>> locked(SqlClient tx) {
    return tx.query(RoutingQueries.LOCK).execute().compose(v -> list(tx));
  }

  private static Future<Void> reorder(SqlClient tx, List<String> order) {
    return tx.preparedQuery(RoutingQueries.REORDER).execute(Tuple.tuple().addArrayOfString(order.toArray(new String[0]))).mapEmpty();
  }

  private static Future<RoutingRule> read(SqlClient tx, String id) {
    return tx.preparedQuery(RoutingQueries.BY_ID).execute(Tuple.of(UUID.fromString(id)))
        .map(rows -> RoutingRule.from(rows.iterator().next()));
  }

  private static RoutingRule find(List<RoutingRule> rules, String id) {
    for (RoutingRule rule : rules) {
      if (rule.id().equals(id)) {
        return rule;
      }
    }
    throw notFound(id);
  }

  private static List<String> ids(List<RoutingRule> rules) {
    List<String> ids = new ArrayList<>(rules.size());
    rules.forEach(rule -> ids.add(rule.id()));
    return ids;
  }

  private static String encode(JsonObject state) {
    return state == null ? null : state.encode();
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw notFound(id);
    }
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("no routing rule " + id);
  }
}
