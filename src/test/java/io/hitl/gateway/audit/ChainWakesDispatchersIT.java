package io.hitl.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hitl.gateway.support.EventCollector;
import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
         Connection chain = db.openJdbc();
         Statement st = chain.createStatement()) {
      chain.setAutoCommit(false);
      // Write an entry only this transaction sees (the gateway's own chainer cannot take it) and
      // so take a transaction id older than the request's.
      long txid;
      long id;
      try (ResultSet written = st.executeQuery("insert into audit_entries (entry_id, action, actor)"
          + " values (gen_random_uuid(), 'test.held', 'test') returning txid, id")) {
        written.next();
        txid = written.getLong(1);
        id = written.getLong(2);
      }

      env.gateway().createRequest(exec, "held back");
      Thread.sleep(1000);
      assertEquals(List.of(), ws.events(), "the event is held back while the older transaction is open");

      // The chainer's linking statement, as it runs it; the hashes do not matter here, nor does
      // the seq (one far above the gateway's own chainer, which is held back meanwhile).
      try (PreparedStatement link = chain.prepareStatement(AuditQueries.LINK.replaceAll("\\$\\d+", "?"))) {
        List<String> arrays = List.of("{1000000}", "{" + txid + "}", "{" + id + "}", "{\"\\\\x00\"}",
            "{\"\\\\x01\"}");
        for (int i = 0; i < arrays.size(); i++) {
          link.setString(i + 1, arrays.get(i));
        }
        link.executeQuery().close();
      }
      try (ResultSet linked = st.executeQuery("select count(*) from audit_chain where seq = 1000000")) {
        linked.next();
        assertEquals(1, linked.getInt(1), "the statement linked the entry");
      }
      chain.commit();

      List<String> types = ws.awaitCount(1, Duration.ofSeconds(5)).stream().map(e -> e.getString("type")).toList();
      assertEquals(List.of("human_input_required"), types);
    }
  }
}
