package io.hitl.gateway.support;

import io.hitl.gateway.store.DatabaseTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what the timers and the event log committed straight from the database: timer results
 * and {@code human_input_completed} events per request.
 */
public final class TimerRows {

  private TimerRows() {
  }

  /** The timer of {@code kind} of a request: {@code result}, {@code detail}, {@code fired} ("t"/"f"); empty when none. */
  public static Map<String, String> timer(DatabaseTarget db, String requestId, String kind) {
    List<Map<String, String>> rows = query(db, "select result, detail, (fired_at is not null)::text as fired,"
        + " attempts::text as attempts from request_timers where request_id = ?::uuid and kind = ?", requestId, kind);
    return rows.isEmpty() ? Map.of() : rows.get(0);
  }

  /** How many {@code human_input_completed} events the log holds for a request. */
  public static int completedEvents(DatabaseTarget db, String requestId) {
    return Integer.parseInt(query(db, "select count(*)::text as n from events where type = 'human_input_completed'"
        + " and payload->>'request_id' = ?", requestId).get(0).get("n"));
  }

  /** request_id → number of {@code human_input_completed} events, for every request of the database. */
  public static Map<String, Integer> completedEventsPerRequest(DatabaseTarget db) {
    Map<String, Integer> counts = new HashMap<>();
    for (Map<String, String> row : query(db, "select r.request_id::text as id, count(e.seq)::text as n"
        + " from human_input_requests r left join events e on e.type = 'human_input_completed'"
        + " and e.payload->>'request_id' = r.request_id::text group by r.request_id")) {
      counts.put(row.get("id"), Integer.parseInt(row.get("n")));
    }
    return counts;
  }

  /** Rows of any query whose columns are all text, as column → value maps. */
  public static List<Map<String, String>> query(DatabaseTarget db, String sql, String... params) {
    try (Connection c = db.openJdbc();
         PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setString(i + 1, params[i]);
      }
      List<Map<String, String>> rows = new java.util.ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Map<String, String> row = new HashMap<>();
          for (int i = 1; i <= columns; i++) {
            row.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
          }
          rows.add(row);
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the database: " + e.getMessage(), e);
    }
  }
}
