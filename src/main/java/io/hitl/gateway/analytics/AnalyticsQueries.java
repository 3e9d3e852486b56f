package io.hitl.gateway.analytics;

/**
 * SQL for the analytics, over {@code human_input_requests}. A request belongs to a range
 * {@code [$1, $2)} by its {@code created_at}, except in the volume's {@code completed} column,
 * which counts answers by the day of {@code responded_at}. Days are UTC days.
 */
final class AnalyticsQueries {

  /**
   * Response times (seconds from created to answered) of completed requests, per group and overall
   * (the row where {@code overall} is true). {@code %s} is the grouping column.
   */
  private static final String RESPONSE_TIMES = "select grouping(g) = 1 as overall, g as key, count(*) as n,"
      + " round(avg(secs), 3)::float8 as average_seconds,"
      + " round((percentile_cont(0.5) within group (order by secs::float8))::numeric, 3)::float8 as median_seconds"
      + " from (select %s as g, extract(epoch from responded_at - created_at) as secs from human_input_requests"
      + " where status = 'completed' and created_at >= $1 and created_at < $2) t"
      + " group by grouping sets ((g), ()) order by overall desc, n desc, key";

  static final String RESPONSE_TIMES_BY_REVIEWER = String.format(RESPONSE_TIMES, "responder");
  static final String RESPONSE_TIMES_BY_FLOW = String.format(RESPONSE_TIMES, "execution_id");

  /** Per UTC day of the range, including days without any: requests created and requests answered. */
  static final String VOLUME = "with days as (select d::date as day from generate_series("
      + " ($1::timestamptz at time zone 'UTC')::date,"
      + " (($2::timestamptz - interval '1 microsecond') at time zone 'UTC')::date, interval '1 day') d),"
      + " created as (select (created_at at time zone 'UTC')::date as day, count(*) as n from human_input_requests"
      + " where created_at >= $1 and created_at < $2 group by 1),"
      + " completed as (select (responded_at at time zone 'UTC')::date as day, count(*) as n from human_input_requests"
      + " where status = 'completed' and responded_at >= $1 and responded_at < $2 group by 1)"
      + " select days.day::text as day, coalesce(created.n, 0) as created, coalesce(completed.n, 0) as completed"
      + " from days left join created using (day) left join completed using (day) order by days.day";

  /**
   * Completed requests per outcome (null: {@code free_form}) and per source, with each one's share
   * of the total in percent.
   */
  static final String DECISIONS = "select kind, key, n, round(100.0 * n / sum(n) over (partition by kind), 2)::float8"
      + " as percentage from ("
      + " select 'outcome' as kind, coalesce(outcome, 'free_form') as key, count(*) as n from human_input_requests"
      + " where status = 'completed' and created_at >= $1 and created_at < $2 group by 2"
      + " union all"
      + " select 'source', coalesce(source, 'unknown'), count(*) from human_input_requests"
      + " where status = 'completed' and created_at >= $1 and created_at < $2 group by 2) d"
      + " order by kind, n desc, key";

  /**
   * Requests with an SLA (cancelled ones aside): met (answered by {@code sla_due_at}), missed
   * (answered late, or still pending past it), pending (still within it); compliance is met over
   * met plus missed, in percent.
   */
  static final String SLA = "select count(*) as total, count(*) filter (where met) as met,"
      + " count(*) filter (where not met) as missed, count(*) filter (where met is null) as pending,"
      + " round(100.0 * count(*) filter (where met) / nullif(count(*) filter (where met is not null), 0), 2)::float8"
      + " as compliance_percent from ("
      + " select case when status = 'completed' then coalesce(sla_met, responded_at <= sla_due_at)"
      + " when sla_due_at < now() then false end as met from human_input_requests"
      + " where sla_due_at is not null and status <> 'cancelled' and created_at >= $1 and created_at < $2) s";

  private AnalyticsQueries() {
  }
}
