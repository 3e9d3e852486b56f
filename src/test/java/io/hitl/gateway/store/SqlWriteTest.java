package io.hitl.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How parts are combined into one statement; {@code SqlWriteIT} runs such statements. */
class SqlWriteTest {

  @Test
  void partsFollowTheFirstStatementWithTheirPlaceholdersRenumberedAfterItsParameters() {
    SqlWrite first = SqlWrite.of("insert into a select * from unnest($1::int[], $2::text[]) returning *", 1, 2);
    SqlWrite events = SqlWrite.of("insert into b values ($1, $10, $2)", 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    SqlWrite timers = SqlWrite.of("insert into c select id from created");

    SqlWrite combined = SqlWrite.combined("created", first, List.of(events, timers));

    assertEquals("with created as (insert into a select * from unnest($1::int[], $2::text[]) returning *),"
        + " created_part1 as (insert into b values ($3, $12, $4)),"
        + " created_part2 as (insert into c select id from created)"
        + " select * from created", combined.sql());
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), combined.params());
  }

  @Test
  void aParameterMayBeNull() {
    SqlWrite combined = SqlWrite.combined("created", SqlWrite.of("insert into a values ($1) returning *", (Object) null),
        List.of(SqlWrite.of("insert into b values ($1, $2)", "x", null)));

    assertEquals(Arrays.asList(null, "x", null), combined.params());
  }
}
