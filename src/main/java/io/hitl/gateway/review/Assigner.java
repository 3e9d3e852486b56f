package io.hitl.gateway.review;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;

/** Decides who a new request is assigned to (routing rules), just before the request is written. */
@FunctionalInterface
public interface Assigner {

  /**
   * @return one assignee email (or null: nobody) per request, in order
   */
  Future<List<String>> assign(SqlClient tx, List<HumanInputRequests.NewRequest> batch);

  /** Everyone to one fixed email (the deployment owner's), or to nobody when it is null. */
  static Assigner always(String email) {
    return (tx, batch) -> {
      List<String> all = new ArrayList<>(batch.size());
      batch.forEach(r -> all.add(email));
      return Future.succeededFuture(all);
    };
  }
}
