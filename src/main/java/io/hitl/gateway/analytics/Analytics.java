package io.hitl.gateway.analytics;

import io.hitl.gateway.http.TimeRange;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Response-time, volume, decision and SLA figures of human-input requests, each computed by
 * PostgreSQL over a time range (see {@link AnalyticsQueries} for which timestamp counts).
 */
public final class Analytics {

  /** How response times are grouped. */
  public enum GroupBy {
    REVIEWER("reviewer", AnalyticsQueries.RESPONSE_TIMES_BY_REVIEWER),
    FLOW("flow", AnalyticsQueries.RESPONSE_TIMES_BY_FLOW);

    private final String label;
    private final String sql;

    GroupBy(String label, String sql) {
      this.label = label;
      this.sql = sql;
    }

    /** The grouping named {@code label}, or null. */
    public static GroupBy of(String label) {
      for (GroupBy g : values()) {
        if (g.label.equals(label)) {
          return g;
        }
      }
      return null;
    }
  }

  private final SqlClient client;

  public Analytics(SqlClient client) {
    this.client = client;
  }

  /**
   * {@code {group_by, overall: {count, average_seconds, median_seconds}, groups: [{key, count,
   * average_seconds, median_seconds}]}}; averages and medians null when there is nothing.
   */
  public Future<JsonObject> responseTimes(TimeRange range, GroupBy groupBy) {
    return client.preparedQuery(groupBy.sql).execute(params(range)).map(rows -> {
      JsonObject overall = null;
      JsonArray groups = new JsonArray();
      for (Row row : rows) {
        JsonObject figures = new JsonObject()
            .put("count", row.getLong("n"))
            .put("average_seconds", row.getDouble("average_seconds"))
            .put("median_seconds", row.getDouble("median_seconds"));
        if (row.getBoolean("overall")) {
          overall = figures;
        } else {
          groups.add(new JsonObject().put("key", row.getString("key")).mergeIn(figures));
        }
      }
      return new JsonObject().put("group_by", groupBy.label).put("overall", overall).put("groups", groups);
    });
  }

  /** {@code {days: [{date, created, completed}], total_created, total_completed}}, one row per UTC day. */
  public Future<JsonObject> volume(TimeRange range) {
    return client.preparedQuery(AnalyticsQueries.VOLUME).execute(params(range)).map(rows -> {
      JsonArray days = new JsonArray();
      long created = 0;
      long completed = 0;
      for (Row row : rows) {
        days.add(new JsonObject().put("date", row.getString("day")).put("created", row.getLong("created"))
            .put("completed", row.getLong("completed")));
        created += row.getLong("created");
        completed += row.getLong("completed");
      }
      return new JsonObject().put("days", days).put("total_created", created).put("total_completed", completed);
    });
  }

  /**
   * {@code {total, outcomes: [{outcome, count, percentage}], sources: [{source, count,
   * percentage}]}} over completed requests; a null outcome is {@code free_form}.
   */
  public Future<JsonObject> decisions(TimeRange range) {
    return client.preparedQuery(AnalyticsQueries.DECISIONS).execute(params(range)).map(rows -> {
      JsonArray outcomes = new JsonArray();
      JsonArray sources = new JsonArray();
      long total = 0;
      for (Row row : rows) {
        String kind = row.getString("kind");
        JsonObject share = new JsonObject().put(kind, row.getString("key")).put("count", row.getLong("n"))
            .put("percentage", row.getDouble("percentage"));
        if ("outcome".equals(kind)) {
          outcomes.add(share);
          total += row.getLong("n");
        } else {
          sources.add(share);
        }
      }
      return new JsonObject().put("total", total).put("outcomes", outcomes).put("sources", sources);
    });
  }

  /** {@code {total, met, missed, pending, compliance_percent}}; compliance null when nothing is decided. */
  public Future<JsonObject> sla(TimeRange range) {
    return client.preparedQuery(AnalyticsQueries.SLA).execute(params(range)).map(rows -> {
      Row row = rows.iterator().next();
      return new JsonObject()
          .put("total", row.getLong("total"))
          .put("met", row.getLong("met"))
          .put("missed", row.getLong("missed"))
          .put("pending", row.getLong("pending"))
          .put("compliance_percent", row.getDouble("compliance_percent"));
    });
  }

  /** All four, for a dashboard: {@code {response_times, volume, decisions, sla}}. */
  public Future<JsonObject> dashboard(TimeRange range, GroupBy groupBy) {
    Future<JsonObject> times = responseTimes(range, groupBy);
    Future<JsonObject> volume = volume(range);
    Future<JsonObject> decisions = decisions(range);
    Future<JsonObject> sla = sla(range);
    return Future.all(times, volume, decisions, sla).map(all -> new JsonObject()
        .put("response_times", times.result())
        .put("volume", volume.result())
        .put("decisions", decisions.result())
        .put("sla", sla.result()));
  }

  private static Tuple params(TimeRange range) {
    return Tuple.tuple().addOffsetDateTime(range.from()).addOffsetDateTime(range.to());
  }
}
