package io.hitl.gateway.routing;

import io.hitl.gateway.review.Assigner;
import io.hitl.gateway.review.HumanInputRequests.NewRequest;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Assigns new requests by the routing rules ({@link RoutingRuleStore#current}), one consistent set
 * of rules per create batch. A request's method name is its {@code method_name} ({@code task_id}
 * for crew tasks).
 */
public final class RoutingAssigner implements Assigner {

  private final String ownerEmail;
  private final RoutingRuleStore store;

  /** @param ownerEmail the deployment owner's email ({@code HITL_OWNER_EMAIL}), or null */
  public RoutingAssigner(String ownerEmail, RoutingRuleStore store) {
    this.ownerEmail = ownerEmail;
    this.store = store;
  }

  @Override
  public Future<List<String>> assign(SqlClient tx, List<NewRequest> batch) {
    return store.current(tx).map(rules -> {
      RoutingRules routing = new RoutingRules(rules, ownerEmail);
      List<String> assignees = new ArrayList<>(batch.size());
      for (NewRequest request : batch) {
        assignees.add(routing.route(request.taskId(), request.state()).email());
      }
      return assignees;
    });
  }

  /** The same decision with its reasons, for the dry-run endpoint. */
  RoutingRules rules(List<RoutingRule> rules) {
    return new RoutingRules(rules, ownerEmail);
  }
}
