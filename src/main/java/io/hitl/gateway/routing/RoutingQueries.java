package io.hitl.gateway.routing;

/** SQL for routing rules. */
final class RoutingQueries {

  static final String COLUMNS = "id, position, name, match_method, match_state, assign_to_email, assign_from_input,"
      + " created_at, updated_at";

  static final String LIST = "select " + COLUMNS + " from routing_rules order by position";

  static final String BY_ID = "select " + COLUMNS + " from routing_rules where id = $1::uuid";

  /**
   * Serialises changes of the rule order; plain reads (the assigner's) are not blocked. Every
   * change takes it first, so positions are computed from a list nobody else is changing.
   */
  static final String LOCK = "lock table routing_rules in exclusive mode";

  static final String INSERT = "insert into routing_rules (id, position, name, match_method, match_state,"
      + " assign_to_email, assign_from_input) values ($1::uuid, $2, $3, $4, $5::text::jsonb, $6, $7)";

  static final String UPDATE = "update routing_rules set name = $2, match_method = $3, match_state = $4::text::jsonb,"
      + " assign_to_email = $5, assign_from_input = $6, updated_at = now() where id = $1::uuid";

  static final String DELETE = "delete from routing_rules where id = $1::uuid returning " + COLUMNS;

  /** Gives every rule its place in $1 (all ids, in order); the unique position check runs at commit. */
  static final String REORDER = "update routing_rules r set position = o.ord"
      + " from unnest($1::text[]::uuid[]) with ordinality as o(id, ord)"
      + " where r.id = o.id and r.position <> o.ord";

  private RoutingQueries() {
  }
}
