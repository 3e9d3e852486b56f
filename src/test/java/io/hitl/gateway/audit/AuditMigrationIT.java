package io.hitl.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.store.DatabaseTarget;
import io.hitl.gateway.store.Migrations;
import io.hitl.gateway.support.TestDatabases;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Version 10 of the schema moves the audit trail out of its outbox: a database written by an
 * earlier version keeps its chain, entry for entry and hash for hash, and what was still staged
 * is chained after it.
 */
class AuditMigrationIT {

  private static final int CHAINED = 3;
  private static final int STAGED = 2;

  @Test
  void theChainAndTheStagedEntriesOfAnEarlierVersionSurviveTheMigration() {
    DatabaseTarget db = TestDatabases.fresh();
    Migrations.migrateTo(db, "9");
    Vertx vertx = Vertx.vertx();
    Pool pool = TestDatabases.pool(vertx, db, 2);
    try {
      List<String> written = writeAsVersion9(pool);
      AuditLog log = new AuditLog(pool);
      // Read through the table of version 9, which the view of version 10 replaces under the same name.
      ChainVerification.Result before = new ChainVerification(log).verify().await();
      assertTrue(before.valid() && before.entries() == CHAINED, "the chain written as version 9 did: " + before.toJson());

      Migrations.migrate(db);
      log.chainPending().await();

      List<AuditEntry> chain = log.page(AuditLog.Filter.ALL, 0, 100).await();
      assertEquals(written, chain.stream().map(AuditEntry::entryId).toList(), "every entry, in the old chain's order");
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L), chain.stream().map(AuditEntry::seq).toList());
      ChainVerification.Result result = new ChainVerification(log).verify().await();
      assertTrue(result.valid(), result.toJson().encode());
      assertEquals((long) CHAINED + STAGED, result.entries());
    } finally {
      pool.close().await();
      vertx.close().await();
    }
  }

  /** A chain of {@link #CHAINED} entries and {@link #STAGED} more in the outbox; returns their ids in order. */
  private static List<String> writeAsVersion9(Pool pool) {
    List<String> ids = new ArrayList<>();
    byte[] prevHash = ChainHash.GENESIS;
    OffsetDateTime at = OffsetDateTime.of(2026, 11, 1, 12, 0, 0, 123_456_000, ZoneOffset.UTC);
    for (long seq = 1; seq <= CHAINED; seq++) {
      String entryId = UUID.randomUUID().toString();
      String details = "{\"n\": " + seq + "}";
      byte[] hash = ChainHash.of(prevHash, seq, entryId, at, "test.chained", "tester", null, details);
      pool.preparedQuery("insert into audit_log (seq, entry_id, at, action, actor, details, prev_hash, hash)"
              + " values ($1, $2::uuid, $3, 'test.chained', 'tester', $4::text::jsonb, $5, $6)")
          .execute(Tuple.of(seq, entryId, at, details, Buffer.buffer(prevHash), Buffer.buffer(hash))).await();
      ids.add(entryId);
      prevHash = hash;
    }
    for (int i = 0; i < STAGED; i++) {
      Row row = pool.query("insert into audit_outbox (entry_id, action, actor, details)"
          + " values (gen_random_uuid(), 'test.staged', 'tester', '{}') returning entry_id::text").execute().await()
          .iterator().next();
      ids.add(row.getString(0));
    }
    return ids;
  }
}
