package io.hitl.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.support.PoolUnderTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An entry whose transaction commits after a later one's is neither passed over nor linked out of
 * place: the chainer waits until every older transaction has ended, then links both in position
 * order.
 */
class LateCommitChainIT {

  @RegisterExtension
  static final PoolUnderTest db = PoolUnderTest.migrated(2);

  @Test
  void anEntryCommittedLateIsLinkedBeforeTheEntriesOfLaterTransactions() throws SQLException {
    AuditLog log = new AuditLog(db.pool());
    try (Connection early = db.target().openJdbc(); Connection late = db.target().openJdbc();
         Statement earlySt = early.createStatement(); Statement lateSt = late.createStatement()) {
      early.setAutoCommit(false);
      earlySt.execute(insert("test.early"));
      lateSt.execute(insert("test.late"));

      log.chainPending().await();
      assertEquals(List.of(), linkedActions(), "nothing is linked while an older transaction is open");

      early.commit();
      log.chainPending().await();
      assertEquals(List.of("test.early", "test.late"), linkedActions(), "both, in the order of their transactions");
      assertTrue(new ChainVerification(log).verify().await().valid());
    }
  }

  private static String insert(String action) {
    return "insert into audit_entries (entry_id, action, actor) values (gen_random_uuid(), '" + action + "', 'tester')";
  }

  private static List<String> linkedActions() {
    List<String> actions = new ArrayList<>();
    db.pool().query("select action from audit_log order by seq").execute().await()
        .forEach(row -> actions.add(row.getString(0)));
    return actions;
  }
}
