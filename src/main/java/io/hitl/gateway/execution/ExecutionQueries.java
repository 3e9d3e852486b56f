package io.hitl.gateway.execution;

/**
 * SQL for executions. Every statement of a worker that changes an execution is guarded by the
 * worker's {@code lease_token} (and the task it ran), so a worker whose lease expired and was
 * taken over can never commit a step a second time.
 */
final class ExecutionQueries {

  static final String COLUMNS = "execution_id, crew, inputs, meta, status, task_index, total_tasks, pending_request_id,"
      + " webhooks, output, error, lease_token,"
      + " extract(epoch from (coalesce(finished_at, clock_timestamp()) - created_at))::float8 as execution_time";

  static final String INSERT = "insert into executions (execution_id, crew, inputs, meta, status, total_tasks, webhooks)"
      + " values ($1::uuid, $2, $3::text::jsonb, $4::text::jsonb, 'running', $5, $6::text::jsonb)";

  static final String BY_ID = "select " + COLUMNS + " from executions where execution_id = $1::uuid";

  static final String TASKS = "select task_index, task_id, agent, output, execution_time, attempts from execution_tasks"
      + " where execution_id = $1::uuid order by task_index";

  /** Takes the longest-waiting runnable execution nobody holds a live lease on. */
  static final String CLAIM = "update executions set lease_token = $1::uuid,"
      + " lease_until = clock_timestamp() + make_interval(secs => $2), updated_at = clock_timestamp()"
      + " where execution_id = (select execution_id from executions"
      + "   where status = 'running' and (lease_until is null or lease_until < clock_timestamp())"
      + "   order by updated_at limit 1 for update skip locked)"
      + " returning " + COLUMNS;

  static final String RENEW = "update executions set lease_until = clock_timestamp() + make_interval(secs => $3)"
      + " where execution_id = $1::uuid and lease_token = $2::uuid";

  static final String SAVE_TASK_OUTPUT = "insert into execution_tasks"
      + " (execution_id, task_index, task_id, agent, output, execution_time) values ($1::uuid, $2, $3, $4, $5, $6)"
      + " on conflict (execution_id, task_index) do update set output = excluded.output, agent = excluded.agent,"
      + " execution_time = excluded.execution_time, attempts = execution_tasks.attempts + 1";

  /** The task at $3 is done and needs no review: on to the next one. */
  static final String ADVANCE = "update executions set task_index = task_index + 1, lease_token = null, lease_until = null,"
      + " updated_at = clock_timestamp()"
      + " where execution_id = $1::uuid and lease_token = $2::uuid and status = 'running' and task_index = $3";

  /** The task at $3 is done and waits for the human-input request $4. */
  static final String PAUSE = "update executions set status = 'pending_human_input', pending_request_id = $4::uuid,"
      + " lease_token = null, lease_until = null, updated_at = clock_timestamp()"
      + " where execution_id = $1::uuid and lease_token = $2::uuid and status = 'running' and task_index = $3";

  static final String COMPLETE = "update executions set status = 'completed', lease_token = null, lease_until = null,"
      + " output = (select output from execution_tasks t where t.execution_id = $1::uuid order by task_index desc limit 1),"
      + " finished_at = clock_timestamp(), updated_at = clock_timestamp()"
      + " where execution_id = $1::uuid and lease_token = $2::uuid and status = 'running' returning " + COLUMNS;

  static final String FAIL = "update executions set status = 'error', error = $3, lease_token = null, lease_until = null,"
      + " finished_at = clock_timestamp(), updated_at = clock_timestamp()"
      + " where execution_id = $1::uuid and lease_token = $2::uuid and status = 'running' returning " + COLUMNS;

  /**
   * The pause waiting for request $1 ends: approved ($2 true or null) moves on to the next task
   * (or completes the execution when it was the last one), rejected runs the same task again.
   * The webhook URLs of the resume call ($3) replace the task/step/crew URLs; the human-input
   * webhook stays unless $3 names a new one. Right-hand sides see the row as it was.
   */
  static final String RESUME = "update executions set pending_request_id = null,"
      + " task_index = task_index + case when coalesce($2::boolean, true) then 1 else 0 end,"
      + " status = case when coalesce($2::boolean, true) and task_index + 1 >= total_tasks then 'completed' else 'running' end,"
      + " output = case when coalesce($2::boolean, true) and task_index + 1 >= total_tasks then (select t.output"
      + "   from execution_tasks t where t.execution_id = executions.execution_id and t.task_index = executions.task_index)"
      + "   else output end,"
      + " finished_at = case when coalesce($2::boolean, true) and task_index + 1 >= total_tasks then clock_timestamp() end,"
      + " webhooks = (webhooks - 'taskWebhookUrl' - 'stepWebhookUrl' - 'crewWebhookUrl') || $3::text::jsonb,"
      + " updated_at = clock_timestamp()"
      + " where pending_request_id = $1::uuid and status = 'pending_human_input' returning execution_id, status";

  private ExecutionQueries() {
  }
}
