package io.hitl.gateway.timer;

import io.hitl.gateway.review.RequestLifecycle;

/**
 * SQL for request timers. A worker's statements that settle a timer are guarded by its
 * {@code lease_token} and {@code fired_at is null}, so a timer is settled once even when a lease
 * expired and another replica took it over.
 */
final class TimerQueries {

  /**
   * The timers of new requests, as a part of the statement that inserts them (their rows are
   * {@link RequestLifecycle#CREATED}): auto-response when the stored settings enable it, SLA when
   * the request got a due time. Fed from the inserted rows, so the request table is not read again
   * (a cached generic plan once chose to scan it whole for every batch).
   */
  static final String ARM_CREATED = "insert into request_timers (request_id, kind, due_at, default_outcome)"
      + " select c.request_id, 'auto_response', c.created_at + s.auto_response_timeout_minutes * interval '1 minute',"
      + "   s.auto_response_default_outcome"
      + " from " + RequestLifecycle.CREATED + " c cross join hitl_settings s where s.auto_response_enabled"
      + " union all"
      + " select c.request_id, 'sla', c.sla_due_at, null from " + RequestLifecycle.CREATED + " c"
      + " where c.sla_due_at is not null"
      + " on conflict do nothing";

  /**
   * Retires the timers of a request that was just answered or cancelled ($1), with $2 as result.
   * An SLA timer already due stays, so that the worker records the breach: the request was still
   * pending at its due time. {@code now()} is the answering transaction's time, as for
   * {@code sla_met}.
   */
  static final String RETIRE_SETTLED = "update request_timers set fired_at = now(), result = $2"
      + " where request_id = $1::uuid and fired_at is null and (kind = 'auto_response' or due_at >= now())";

  /** Leases up to $3 due timers nobody holds a live lease on, to $1 for $2 seconds. */
  static final String CLAIM = "update request_timers t set lease_token = $1::uuid,"
      + " lease_until = clock_timestamp() + make_interval(secs => $2), attempts = t.attempts + 1"
      + " from (select request_id, kind from request_timers"
      + "   where fired_at is null and due_at <= clock_timestamp()"
      + "   and (lease_until is null or lease_until < clock_timestamp())"
      + "   order by due_at limit $3 for update skip locked) due"
      + " where t.request_id = due.request_id and t.kind = due.kind"
      + " returning t.request_id, t.kind, t.due_at, t.default_outcome, t.lease_token";

  /** Settles a timer still leased to $3 with result $4 and detail $5; matches nothing otherwise. */
  static final String FINISH = "update request_timers set fired_at = clock_timestamp(), result = $4, detail = $5"
      + " where request_id = $1::uuid and kind = $2 and lease_token = $3::uuid and fired_at is null";

  /** What the SLA check needs of a request. */
  static final String REQUEST_AT_DUE = "select status, responded_at, sla_due_at from human_input_requests"
      + " where request_id = $1::uuid";

  private TimerQueries() {
  }
}
