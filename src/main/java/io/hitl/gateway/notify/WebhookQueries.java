package io.hitl.gateway.notify;

/** SQL for webhooks and their deliveries. */
final class WebhookQueries {

  static final String COLUMNS = "id, url, events, description, active, created_at, updated_at";

  static final String INSERT = "insert into webhooks (id, url, events, description, active, secret_ciphertext, secret_nonce)"
      + " values ($1::uuid, $2, $3::text[], $4, $5, $6, $7) returning " + COLUMNS;

  static final String LIST = "select " + COLUMNS + " from webhooks order by created_at, id";

  static final String BY_ID = "select " + COLUMNS + " from webhooks where id = $1::uuid";

  static final String LOCK = BY_ID + " for update";

  static final String UPDATE = "update webhooks set url = $2, events = $3::text[], description = $4, active = $5,"
      + " updated_at = now() where id = $1::uuid returning " + COLUMNS;

  static final String ROTATE = "update webhooks set secret_ciphertext = $2, secret_nonce = $3, updated_at = now()"
      + " where id = $1::uuid returning " + COLUMNS;

  static final String DELETE = "delete from webhooks where id = $1::uuid returning " + COLUMNS;

  /** Active webhooks subscribed to event $1. */
  static final String ACTIVE = "select id, events from webhooks where active";

  static final String DELIVERY_COLUMNS = "id, webhook_id, event, request_id, status, attempts, replays, next_attempt_at,"
      + " last_status_code, last_error, created_at, updated_at, delivered_at";

  static final String ENQUEUE = "insert into webhook_deliveries (id, webhook_id, event, request_id, payload)"
      + " select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::text[])";

  static final String DELIVERIES_OF = "select " + DELIVERY_COLUMNS + " from webhook_deliveries"
      + " where webhook_id = $1::uuid and ($2::text is null or status = $2) order by created_at desc, id limit $3";

  static final String DELIVERY = "select " + DELIVERY_COLUMNS + ", payload from webhook_deliveries where id = $1::uuid";

  static final String ATTEMPTS_OF = "select attempt, status_code, error, duration_ms, attempted_at"
      + " from webhook_delivery_attempts where delivery_id = $1::uuid order by id";

  /** Queues a settled delivery again with a fresh attempt budget; nothing when pending or in flight. */
  static final String REPLAY = "update webhook_deliveries set status = 'pending', attempts = 0, replays = replays + 1,"
      + " next_attempt_at = clock_timestamp(), lease_token = null, lease_until = null, delivered_at = null,"
      + " updated_at = clock_timestamp() where id = $1::uuid and status in ('delivered', 'failed')"
      + " returning " + DELIVERY_COLUMNS;

  /**
   * Claims up to $3 deliveries for lease $1 of $2 seconds: those due, and those whose claimer's
   * lease ran out with attempts left ($4 = most attempts). The attempt is counted at the claim, so
   * an attempt cut short by a crash still counts.
   */
  static final String CLAIM = "update webhook_deliveries d set status = 'delivering', lease_token = $1::uuid,"
      + " lease_until = clock_timestamp() + make_interval(secs => $2), attempts = d.attempts + 1,"
      + " updated_at = clock_timestamp()"
      + " from webhooks w"
      + " where w.id = d.webhook_id and d.id in (select id from webhook_deliveries"
      + "   where (status = 'pending' and next_attempt_at <= clock_timestamp())"
      + "      or (status = 'delivering' and lease_until < clock_timestamp() and attempts < $4)"
      + "   order by next_attempt_at limit $3 for update skip locked)"
      + " returning d.id, d.webhook_id, d.event, d.payload, d.attempts, w.url, w.secret_ciphertext, w.secret_nonce";

  /** Deliveries whose claimer died during their last allowed attempt ($1 = most attempts). */
  static final String ABANDON = "update webhook_deliveries set status = 'failed', lease_token = null, lease_until = null,"
      + " last_status_code = null, last_error = 'no outcome: the gateway sending the last attempt stopped',"
      + " updated_at = clock_timestamp()"
      + " where id in (select id from webhook_deliveries where status = 'delivering'"
      + "   and lease_until < clock_timestamp() and attempts >= $1 for update skip locked)";

  /**
   * Records the outcome of the attempt under lease $2 of delivery $1 and logs it: new status $3,
   * status code $4, error $5, duration $6 ms, next attempt in $7 seconds (when pending again).
   */
  static final String SETTLE = "with settled as (update webhook_deliveries set status = $3, last_status_code = $4,"
      + " last_error = $5, lease_token = null, lease_until = null, updated_at = clock_timestamp(),"
      + " next_attempt_at = case when $3 = 'pending' then clock_timestamp() + make_interval(secs => $7)"
      + "   else next_attempt_at end,"
      + " delivered_at = case when $3 = 'delivered' then clock_timestamp() end"
      + " where id = $1::uuid and lease_token = $2::uuid returning id, attempts)"
      + " insert into webhook_delivery_attempts (delivery_id, attempt, status_code, error, duration_ms)"
      + " select id, attempts, $4, $5, $6 from settled";

  private WebhookQueries() {
  }
}
