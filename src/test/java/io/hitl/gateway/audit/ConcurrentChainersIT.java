package io.hitl.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.store.DatabaseTarget;
import io.hitl.gateway.store.Migrations;
import io.hitl.gateway.support.TestDatabases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chainers of several replicas (each its own pool) linking the same new entries at the same
 * time build one chain: every entry exactly once, seq without gaps, every link and hash valid.
 */
class ConcurrentChainersIT {

  private static final int ENTRIES = 1234;
  private static final int REPLICAS = 4;

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void concurrentChainersBuildOneValidChain() {
    chainConcurrentlyAndVerify(migrated());
  }

  @Test
  void aStricterDefaultIsolationDoesNotFailTheChainers() {
    DatabaseTarget db = migrated();
    Pool admin = pool(db);
    admin.query("alter database " + db.database() + " set default_transaction_isolation = 'repeatable read'")
        .execute().await();
    admin.close().await();
    chainConcurrentlyAndVerify(db);
  }

  private static DatabaseTarget migrated() {
    DatabaseTarget db = TestDatabases.fresh();
    Migrations.migrate(db);
    return db;
  }

  private static Pool pool(DatabaseTarget db) {
    return TestDatabases.pool(vertx, db, 2);
  }

  private static void chainConcurrentlyAndVerify(DatabaseTarget db) {
    List<Pool> pools = new ArrayList<>();
    for (int i = 0; i < REPLICAS; i++) {
      pools.add(pool(db));
    }
    try {
      Pool first = pools.get(0);
      first.query("insert into audit_entries (entry_id, action, actor, request_id, details)"
          + " select gen_random_uuid(), 'test.entry', 'tester', case when i % 3 = 0 then null else gen_random_uuid() end,"
          + " jsonb_build_object('i', i, 'text', 'ünïcode ' || i, 'nested', jsonb_build_object('a', array[i, i + 1]))"
          + " from generate_series(1, " + ENTRIES + ") i").execute().await();

      List<Future<Void>> chainers = new ArrayList<>();
      for (Pool pool : pools) {
        AuditLog log = new AuditLog(pool);
        chainers.add(log.chainPending());
        chainers.add(log.chainPending());
      }
      Future.all(chainers).await();

      assertEquals((long) ENTRIES, count(first, "select count(distinct entry_id) from audit_log"), "every entry is chained");
      assertEquals((long) ENTRIES, count(first, "select count(*) from audit_chain"), "exactly once");
      assertEquals((long) ENTRIES, count(first, "select max(seq) from audit_log"), "seq 1.. without gaps");
      ChainVerification.Result result = new ChainVerification(new AuditLog(first)).verify().await();
      assertTrue(result.valid(), result.toJson().encode());
      assertEquals((long) ENTRIES, result.entries());
    } finally {
      pools.forEach(p -> p.close().await());
    }
  }

  private static long count(Pool pool, String sql) {
    return pool.query(sql).execute().await().iterator().next().getLong(0);
  }
}
