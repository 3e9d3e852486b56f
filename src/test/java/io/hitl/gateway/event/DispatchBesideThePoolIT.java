package io.hitl.gateway.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.hitl.gateway.support.EventCollector;
import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.LockWaits;
import io.hitl.gateway.support.TestDatabases;
import io.hitl.gateway.support.TestGateway;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dispatcher reads new events on its own LISTEN connection, not through the pool: events are
 * delivered even while every pooled connection is busy (here the only one waits on a lock).
 */
class DispatchBesideThePoolIT {

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.of(() -> TestGateway.start(TestDatabases.fresh(),
      Map.of("HITL_DB_POOL_SIZE", "1", "HITL_DISPATCH_INTERVAL_MS", "60000")));

  @Test
  void eventsAreDeliveredWhileThePoolsOnlyConnectionIsBlocked() throws Exception {
    String exec = "exec-beside-the-pool";
    var db = env.gateway().database();
    try (EventCollector ws = EventCollector.webSocket(env.vertx(), env.gateway().port(), "/ws/human-input/" + exec);
         Connection locker = db.openJdbc();
         Connection writer = db.openJdbc();
         Statement lock = locker.createStatement();
         Statement write = writer.createStatement()) {
      locker.setAutoCommit(false);
      lock.execute("lock table human_input_requests in exclusive mode");
      CompletableFuture<?> blockedCreate = CompletableFuture.runAsync(() -> env.gateway().createRequest(exec, "blocked"));
      LockWaits.await(write, "insert into human_input_requests", "the gateway's create never waited on the lock");

      String eventId = UUID.randomUUID().toString();
      write.execute("insert into events (event_id, execution_id, type, payload) values ('" + eventId + "', '" + exec
          + "', 'human_input_required', '{\"type\":\"human_input_required\",\"execution_id\":\"" + exec
          + "\",\"event_id\":\"" + eventId + "\"}')");
      List<String> delivered = ws.awaitCount(1, Duration.ofSeconds(3)).stream().map(e -> e.getString("event_id")).toList();
      assertEquals(List.of(eventId), delivered, "delivered while the pool's only connection waits on the lock");
      assertFalse(blockedCreate.isDone(), "the create was still blocked: the pool had no free connection");

      locker.commit();
      blockedCreate.get();
      ws.awaitCount(2, Duration.ofSeconds(5));
    }
  }
}
