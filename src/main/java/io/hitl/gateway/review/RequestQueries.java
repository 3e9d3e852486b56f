package io.hitl.gateway.review;

/** SQL for human-input requests. */
final class RequestQueries {

  static final String COLUMNS = "request_id, execution_id, crew_id, task_id, agent_id, prompt, context, reason_flags,"
      + " status, human_feedback, is_approve, required_event_id, completed_event_id, created_at, responded_at";

  /** Any number of new pending requests in one statement, one array per column. */
  static final String INSERT = "insert into human_input_requests (request_id, execution_id, crew_id, task_id, agent_id,"
      + " prompt, context, reason_flags, status, required_event_id)"
      + " select r, e, c, t, a, p, x, f::jsonb, 'pending', ev from unnest($1::text[]::uuid[], $2::text[], $3::text[],"
      + " $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]::uuid[]) as u(r, e, c, t, a, p, x, f, ev)"
      + " returning " + COLUMNS;

  /** Completes a pending request; matches nothing when it was already answered, so the first answer wins. */
  static final String COMPLETE = "update human_input_requests set status = 'completed', human_feedback = $2,"
      + " is_approve = $3, completed_event_id = $4::uuid, responded_at = now()"
      + " where request_id = $1::uuid and status = 'pending' returning " + COLUMNS;

  static final String BY_ID = "select " + COLUMNS + " from human_input_requests where request_id = $1::uuid";

  static final String LIST = "select " + COLUMNS + " from human_input_requests"
      + " where ($1::text is null or execution_id = $1) and ($2::text is null or status = $2)"
      + " order by created_at desc, request_id limit $3";

  private RequestQueries() {
  }
}
