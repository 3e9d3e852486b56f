package io.hitl.gateway.review;

/** SQL for human-input requests. */
final class RequestQueries {

  static final String COLUMNS = "request_id, execution_id, crew_id, task_id, agent_id, prompt, context, reason_flags,"
      + " status, human_feedback, is_approve, required_event_id, completed_event_id, created_at, responded_at,"
      + " emit, default_outcome, state, metadata, assigned_to_email, outcome, source, responder, sla_due_at, sla_met,"
      + " idempotency_key, response_digest, source_label";

  /**
   * Any number of new pending requests in one statement, one array per column. The SLA due time
   * comes from the settings' target at this moment (none without one).
   */
  static final String INSERT = "insert into human_input_requests (request_id, execution_id, crew_id, task_id, agent_id,"
      + " prompt, context, reason_flags, status, required_event_id, emit, default_outcome, state, metadata, assigned_to_email,"
      + " sla_due_at)"
      + " select r, e, c, t, a, p, x, f::jsonb, 'pending', ev, em::jsonb, d, s::jsonb, m::jsonb, asg,"
      + " now() + (select h.sla_target_minutes * interval '1 minute' from hitl_settings h)"
      + " from unnest($1::text[]::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],"
      + " $8::text[], $9::text[]::uuid[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])"
      + " as u(r, e, c, t, a, p, x, f, ev, em, d, s, m, asg)"
      + " returning " + COLUMNS;

  /**
   * Completes a pending request; matches nothing when it was already answered or cancelled, so the
   * first answer wins. Whether the SLA was met is decided here, by the database's clock.
   */
  static final String COMPLETE = "update human_input_requests set status = 'completed', human_feedback = $2,"
      + " is_approve = $3, completed_event_id = $4::uuid, responded_at = now(), outcome = $5, source = $6,"
      + " responder = $7, idempotency_key = $8, response_digest = $9, source_label = $10,"
      + " sla_met = case when sla_due_at is null then null else now() <= sla_due_at end"
      + " where request_id = $1::uuid and status = 'pending' returning " + COLUMNS;

  /** Cancels a pending request. */
  static final String CANCEL = "update human_input_requests set status = 'cancelled', completed_event_id = $2::uuid,"
      + " responded_at = now(), responder = $3"
      + " where request_id = $1::uuid and status = 'pending' returning " + COLUMNS;

  /** Assigns a pending request to someone else; returns the row with the previous assignee. */
  static final String REASSIGN = "update human_input_requests r set assigned_to_email = $2"
      + " from (select request_id, assigned_to_email as previous from human_input_requests"
      + " where request_id = $1::uuid and status = 'pending' for update) old"
      + " where r.request_id = old.request_id returning old.previous, " + qualified("r");

  static final String BY_ID = "select " + COLUMNS + " from human_input_requests where request_id = $1::uuid";

  /**
   * Newest first, filtered by execution, status and assignee (each null for any), before a
   * created_at cursor.
   */
  static final String LIST = "select " + COLUMNS + " from human_input_requests"
      + " where ($1::text is null or execution_id = $1) and ($2::text is null or status = $2)"
      + " and ($3::text is null or assigned_to_email = lower($3))"
      + " order by created_at desc, request_id limit $4";

  private static String qualified(String alias) {
    StringBuilder sb = new StringBuilder();
    for (String column : COLUMNS.split(",")) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(alias).append('.').append(column.trim());
    }
    return sb.toString();
  }

  private RequestQueries() {
  }
}
