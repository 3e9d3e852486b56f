package io.hitl.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.Poll;
import io.hitl.gateway.support.PoolUnderTest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chainer vacuums the outbox after moving enough entries, so the dead rows of a busy queue do
 * not pile up until autovacuum (here switched off for the table) and slow down every look at it.
 */
class OutboxVacuumIT {

  @RegisterExtension
  static final PoolUnderTest db = PoolUnderTest.migrated(2);

  @BeforeAll
  static void switchOffAutovacuum() {
    db.pool().query("alter table audit_outbox set (autovacuum_enabled = false)").execute().await();
  }

  @Test
  void chainingEnoughEntriesVacuumsTheOutbox() {
    AuditLog log = new AuditLog(db.pool(), 300);
    stage(250);
    log.chainAndVacuum().await();
    assertEquals(0L, outboxVacuums(), "below the threshold the moved entries are left to autovacuum");

    stage(100);
    long pagesBefore = outboxBytes();
    log.chainAndVacuum().await();

    Poll.until(() -> outboxVacuums() == 1, Duration.ofSeconds(5),
        () -> "past 300 moved entries the chainer vacuums the outbox once; vacuums: " + outboxVacuums());
    assertTrue(pagesBefore > 0, "the staged entries took pages");
    assertEquals(pagesBefore, outboxBytes(),
        "the vacuum leaves the emptied pages in place: cutting them off takes a lock every create waits for");
    assertEquals(350L, db.pool().query("select count(*) from audit_log").execute().await().iterator().next().getLong(0),
        "every entry was chained");
    assertTrue(new ChainVerification(log).verify().await().valid(), "and the chain is valid");
  }

  private static void stage(int n) {
    db.pool().query("insert into audit_outbox (entry_id, action, actor, details) select gen_random_uuid(), 'test.entry',"
        + " 'tester', jsonb_build_object('i', i) from generate_series(1, " + n + ") i").execute().await();
  }

  private static long outboxBytes() {
    return db.pool().query("select pg_relation_size('audit_outbox')").execute().await().iterator().next().getLong(0);
  }

  private static long outboxVacuums() {
    return db.pool().query("select vacuum_count from pg_stat_user_tables where relname = 'audit_outbox'").execute().await()
        .iterator().next().getLong(0);
  }
}
