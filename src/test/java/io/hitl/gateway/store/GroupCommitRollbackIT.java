package io.hitl.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.PoolUnderTest;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A batch commits together or not at all, and a failed batch leaves its connection clean. */
class GroupCommitRollbackIT {

  // One connection: the batch after a failed one runs on the very connection that failed.
  @RegisterExtension
  static final PoolUnderTest db = PoolUnderTest.empty(1);

  @BeforeAll
  static void createTables() {
    db.pool().query("create table group_commit_test (name text primary key)").execute().await();
  }

  @Test
  void aFailingStatementFailsTheWholeBatchAndTheNextBatchCommits() {
    // Each input is inserted by its own statement; "boom" is inserted twice, so its second insert fails.
    GroupCommit<String, String> commits = new GroupCommit<>(db.vertx(), 16, 1, names -> db.pool().withTransaction(tx -> {
      List<Future<String>> writes = new ArrayList<>();
      for (String name : names) {
        writes.add(tx.preparedQuery("insert into group_commit_test values ($1)").execute(Tuple.of(name)).map(name));
        if (name.equals("boom")) {
          writes.add(tx.preparedQuery("insert into group_commit_test values ($1)").execute(Tuple.of(name)).map(name));
        }
      }
      return Future.all(writes).map(all -> names);
    }));

    // "first" takes the only transaction slot at once; the next three queue and share one batch.
    Future<String> first = commits.submit("first");
    List<Future<String>> failed = List.of(commits.submit("a"), commits.submit("boom"), commits.submit("c"));
    assertEquals("first", first.await());
    Future.join(failed).otherwiseEmpty().await();
    assertTrue(failed.stream().allMatch(Future::failed), "every submission of the failed batch fails");
    assertEquals(1L, count(), "nothing of the failed batch was written");

    assertEquals("d", commits.submit("d").await());
    assertEquals(2L, count(), "the next batch commits on the same connection, outside any leftover transaction");
  }

  private static long count() {
    return db.pool().query("select count(*) from group_commit_test").execute().await().iterator().next().getLong(0);
  }
}
