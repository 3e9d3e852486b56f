package io.hitl.gateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.event.EventLog;
import io.hitl.gateway.event.NewEvent;
import io.hitl.gateway.metrics.GatewayMetrics;
import io.hitl.gateway.support.EventCollector;
import io.hitl.gateway.support.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Twenty producers append through {@link EventLog#append} in interleaved transactions that stay
 * open for different times, so sequence numbers commit out of order; some roll back. Every
 * subscriber, on every transport, per execution and for all executions, must receive every
 * committed event of its stream exactly once, and subscribers of one stream must agree on the order.
 */
class NoGapUnderConcurrencyIT {

  private static final int PRODUCERS = 20;
  private static final int TRANSACTIONS_PER_PRODUCER = 8;
  private static final List<String> EXECUTIONS = List.of("exec-gap-a", "exec-gap-b", "exec-gap-c");

  private static TestGateway gateway;
  private static Vertx vertx;
  private static Pool pool;
  private static EventLog log;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start();
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(PRODUCERS))
        .connectingTo(gateway.database().connectOptions()).using(vertx).build();
    log = new EventLog(pool, new GatewayMetrics());
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    vertx.close().await();
    gateway.close();
  }

  @Test
  void everySubscriberGetsEveryEventOnceInOneOrder() throws Exception {
    int port = gateway.port();
    Map<String, List<EventCollector>> byStream = new LinkedHashMap<>();
    for (String exec : EXECUTIONS) {
      byStream.put(exec, List.of(
          EventCollector.webSocket(vertx, port, "/ws/human-input/" + exec),
          EventCollector.sse(vertx, port, "/events/human-input/" + exec, null),
          EventCollector.poll(vertx, port, "/poll/human-input/" + exec, 5)));
    }
    byStream.put(null, List.of(
        EventCollector.webSocket(vertx, port, "/ws/human-input"),
        EventCollector.webSocket(vertx, port, "/ws/human-input"),
        EventCollector.sse(vertx, port, "/events/human-input", null),
        EventCollector.sse(vertx, port, "/events/human-input", null),
        EventCollector.poll(vertx, port, "/poll/human-input", 5),
        EventCollector.poll(vertx, port, "/poll/human-input", 5)));
    // Both all-executions live streams start with the next event: be sure they are registered.
    awaitTrue(() -> gateway.metric("hitl_connections{transport=\"websocket\"}") == 5
        && gateway.metric("hitl_connections{transport=\"sse\"}") == 5);
    try {
      List<NewEvent> committed = produceConcurrently();
      assertTrue(committed.size() > 200, "enough events to mean something: " + committed.size());

      List<String> allOrder = null;
      for (Map.Entry<String, List<EventCollector>> stream : byStream.entrySet()) {
        String exec = stream.getKey();
        Set<String> expected = new HashSet<>();
        committed.stream().filter(e -> exec == null || exec.equals(e.executionId())).forEach(e -> expected.add(e.eventId()));
        List<String> firstOrder = null;
        for (EventCollector subscriber : stream.getValue()) {
          subscriber.awaitCount(expected.size(), Duration.ofSeconds(60));
        }
        Thread.sleep(500);
        for (EventCollector subscriber : stream.getValue()) {
          List<String> received = subscriber.eventIds();
          assertEquals(received.size(), new HashSet<>(received).size(), "a duplicate on stream " + exec);
          assertEquals(expected, new HashSet<>(received), "lost or foreign events on stream " + exec);
          if (firstOrder == null) {
            firstOrder = received;
          } else {
            assertEquals(firstOrder, received, "subscribers of stream " + exec + " disagree on the order");
          }
        }
        if (exec == null) {
          allOrder = firstOrder;
        }
      }
      for (String exec : EXECUTIONS) {
        Set<String> ofExec = new HashSet<>(byStream.get(exec).get(0).eventIds());
        assertEquals(allOrder.stream().filter(ofExec::contains).toList(), byStream.get(exec).get(0).eventIds(),
            "the execution's stream is not in the order of the all-executions stream");
      }
    } finally {
      byStream.values().forEach(list -> list.forEach(EventCollector::close));
    }
  }

  /**
   * Runs every producer at once; each transaction appends one to three events, then waits 0–300 ms
   * (some producers sometimes 1–2 s) before committing, or rolls back. Returns the committed events.
   */
  private static List<NewEvent> produceConcurrently() throws Exception {
    List<NewEvent> committed = new CopyOnWriteArrayList<>();
    List<Future<Void>> producers = new ArrayList<>();
    for (int p = 0; p < PRODUCERS; p++) {
      producers.add(producer(p, new Random(p), committed, 0));
    }
    Future.all(producers).await(120, TimeUnit.SECONDS);
    return committed;
  }

  private static Future<Void> producer(int producer, Random random, List<NewEvent> committed, int transaction) {
    if (transaction == TRANSACTIONS_PER_PRODUCER) {
      return Future.succeededFuture();
    }
    List<NewEvent> events = new ArrayList<>();
    for (int i = random.nextInt(3); i >= 0; i--) {
      String exec = EXECUTIONS.get(random.nextInt(EXECUTIONS.size()));
      String id = UUID.randomUUID().toString();
      events.add(new NewEvent(id, exec, "test_event", new JsonObject().put("event_id", id).put("type", "test_event")
          .put("execution_id", exec).put("producer", producer).put("transaction", transaction)));
    }
    boolean holdLong = producer % 5 == 0 && random.nextInt(3) == 0;
    long holdMillis = holdLong ? 1000 + random.nextInt(1000) : random.nextInt(301);
    boolean rollBack = random.nextInt(8) == 0;
    Future<Void> tx = pool.withTransaction(conn -> log.append(conn, events)
        .compose(v -> vertx.timer(holdMillis))
        .compose(v -> rollBack ? Future.failedFuture("rolled back on purpose") : Future.succeededFuture()))
        .onSuccess(v -> committed.addAll(events))
        .map((Void) null)
        .recover(e -> rollBack ? Future.succeededFuture() : Future.failedFuture(e));
    return tx.compose(v -> producer(producer, random, committed, transaction + 1));
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the streaming subscribers did not all register");
      }
      Thread.sleep(50);
    }
  }
}
