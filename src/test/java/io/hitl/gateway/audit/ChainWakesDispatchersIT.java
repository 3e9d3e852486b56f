package io.hitl.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hitl.gateway.support.EventCollector;
import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A chaining transaction holds back events committed while it is open (readers stay below the
 * oldest open transaction); its commit must wake the dispatchers, or those events would wait for
 * their next timed look, here a minute away.
 */
class ChainWakesDispatchersIT {

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.of(() -> TestGateway.start(TestDatabases.fresh(),
      Map.of("HITL_DISPATCH_INTERVAL_MS", "60000")));

  @Test
  void eventsHeldBackByAChainTransactionAreDeliveredAtItsCommit() throws Exception {
    String exec = "exec-held-by-chain";
    var db = env.gateway().database();
    try (EventCollector ws = EventCollector.webSocket(env.vertx(), env.gateway().port(), "/ws/human-input/" + exec);
         Connection chain = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement st = chain.createStatement()) {
      chain.setAutoCommit(false);
      // Stage an entry only this transaction sees (the gateway's own chainer cannot take it) and
      // so take a transaction id older than the request's.
      st.executeUpdate("insert into audit_outbox (entry_id, action, actor) values (gen_random_uuid(), 'test.held', 'test')");

      env.gateway().createRequest(exec, "held back");
      Thread.sleep(1000);
      assertEquals(List.of(), ws.events(), "the event is held back while the older transaction is open");

      try (ResultSet moved = st.executeQuery(AuditQueries.CHAIN.replace("$1", "100"))) {
        moved.next();
        assertEquals(1, moved.getInt(1), "the chain statement moved the staged entry");
      }
      chain.commit();

      List<String> types = ws.awaitCount(1, Duration.ofSeconds(5)).stream().map(e -> e.getString("type")).toList();
      assertEquals(List.of("human_input_required"), types);
    }
  }
}
