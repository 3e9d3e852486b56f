package io.hitl.gateway.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A data-modifying statement with its parameters ({@code $1 … $n}) that runs alone or as one part
 * of a {@link #combined combined} statement.
 *
 * <p>Combining saves what PostgreSQL spends per statement and per transaction, not per row: a
 * create that inserts a request, its event and its audit entry as one statement outside any
 * transaction is one round trip and one commit, where three statements in a transaction were
 * five statements and four round trips. All parts see one snapshot and commit or fail together.
 */
public record SqlWrite(String sql, List<Object> params) {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$(\\d+)");

  /** A statement and its parameters, in placeholder order; a parameter may be null (SQL NULL). */
  public static SqlWrite of(String sql, Object... params) {
    return new SqlWrite(sql, Collections.unmodifiableList(Arrays.asList(params.clone())));
  }

  /**
   * One statement that runs {@code first} as the WITH query {@code name} and each of {@code parts}
   * beside it, and returns {@code first}'s rows (its {@code returning} list). A part may read those
   * rows as {@code name}; parts' placeholders are renumbered after {@code first}'s.
   */
  public static SqlWrite combined(String name, SqlWrite first, List<SqlWrite> parts) {
    StringBuilder sql = new StringBuilder(512).append("with ").append(name).append(" as (").append(first.sql()).append(')');
    List<Object> params = new ArrayList<>(first.params());
    for (int i = 0; i < parts.size(); i++) {
      SqlWrite part = parts.get(i);
      sql.append(", ").append(name).append("_part").append(i + 1).append(" as (")
          .append(renumbered(part.sql(), params.size())).append(')');
      params.addAll(part.params());
    }
    return new SqlWrite(sql.append(" select * from ").append(name).toString(), params);
  }

  /** Runs this statement as a prepared statement (cached by its text). */
  public Future<RowSet<Row>> execute(SqlClient client) {
    return client.preparedQuery(sql).execute(Tuple.wrap(params));
  }

  private static String renumbered(String sql, int offset) {
    if (offset == 0) {
      return sql;
    }
    Matcher m = PLACEHOLDER.matcher(sql);
    StringBuilder out = new StringBuilder(sql.length() + 16);
    while (m.find()) {
      m.appendReplacement(out, "\\$" + (Integer.parseInt(m.group(1)) + offset));
    }
    return m.appendTail(out).toString();
  }
}
