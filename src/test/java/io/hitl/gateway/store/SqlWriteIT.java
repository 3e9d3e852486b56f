package io.hitl.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.PoolUnderTest;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A combined statement, run outside any transaction as a create batch is: every part is written
 * or none, parts read the first statement's rows, and statement triggers fire at its commit.
 */
class SqlWriteIT {

  @RegisterExtension
  static final PoolUnderTest db = PoolUnderTest.empty(2);

  @BeforeAll
  static void createTables() {
    db.pool().query("create table parent (id int primary key, name text not null);"
        + " create table child (parent_id int not null references parent (id), note text not null);"
        + " create table entry (id int primary key);"
        + " create function notify_entry() returns trigger language plpgsql as"
        + " $$ begin perform pg_notify('sql_write_it', ''); return null; end; $$;"
        + " create trigger entry_notify after insert on entry for each statement execute function notify_entry()")
        .execute().await();
  }

  @Test
  void everyPartIsWrittenAndPartsReadTheFirstStatementsRows() {
    List<String> notified = new CopyOnWriteArrayList<>();
    PgConnection listener = PgConnection.connect(db.vertx(), db.target().connectOptions()).await();
    listener.notificationHandler(n -> notified.add(n.getChannel()));
    listener.query("listen sql_write_it").execute().await();

    RowSet<Row> returned = SqlWrite.combined("created",
        SqlWrite.of("insert into parent select * from unnest($1::int[], $2::text[]) returning id, name",
            new Integer[] {1, 2}, new String[] {"one", "two"}),
        List.of(SqlWrite.of("insert into child select id, $1 || name from created", "note of "),
            SqlWrite.of("insert into entry select * from unnest($1::int[])", (Object) new Integer[] {10, 11})))
        .execute(db.pool()).await();

    List<String> names = new ArrayList<>();
    returned.forEach(row -> names.add(row.getInteger("id") + "=" + row.getString("name")));
    assertEquals(List.of("1=one", "2=two"), names, "the combined statement returns the first statement's rows");
    assertEquals(List.of("note of one", "note of two"), strings("select note from child order by parent_id"),
        "a part read the rows the first statement inserted, with its own parameter renumbered");
    assertEquals(List.of("10", "11"), strings("select id::text from entry where id < 100 order by id"));
    long deadline = System.currentTimeMillis() + 5_000;
    while (notified.isEmpty() && System.currentTimeMillis() < deadline) {
      db.vertx().timer(20).await();
    }
    assertEquals(List.of("sql_write_it"), notified, "the statement trigger of a part fired once, at commit");
    listener.close().await();
  }

  @Test
  void aFailingPartWritesNothingWithoutATransaction() {
    db.pool().query("insert into parent values (100, 'taken'); insert into entry values (100)").execute().await();

    Throwable failure = SqlWrite.combined("created",
        SqlWrite.of("insert into parent values ($1, $2) returning id", 101, "new"),
        List.of(SqlWrite.of("insert into child select id, 'child of new' from created"),
            SqlWrite.of("insert into entry values ($1)", 100)))
        .execute(db.pool()).map(r -> (Throwable) null).otherwise(e -> e).await();

    assertTrue(SqlStates.is(failure, SqlStates.UNIQUE_VIOLATION), "the duplicate entry fails the statement: " + failure);
    assertEquals(List.of(), strings("select name from parent where id = 101"), "the first statement's row was not kept");
    assertEquals(List.of(), strings("select note from child where note = 'child of new'"), "nor another part's");
  }

  private static List<String> strings(String sql) {
    List<String> values = new ArrayList<>();
    db.pool().query(sql).execute().await().forEach(row -> values.add(row.getString(0)));
    return values;
  }
}
