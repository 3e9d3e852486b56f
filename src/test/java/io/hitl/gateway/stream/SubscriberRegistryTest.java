package io.hitl.gateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hitl.gateway.event.Position;
import io.hitl.gateway.event.StoredEvent;
import io.hitl.gateway.metrics.GatewayMetrics;
import io.hitl.gateway.metrics.Transport;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriberRegistryTest {

  /** Counts the heartbeats it is sent. */
  private static final class CountingSubscription extends Subscription {
    int beats;

    CountingSubscription(String executionId, Transport transport) {
      super(executionId, Position.START, transport, 10);
    }

    @Override
    protected void heartbeat(Heartbeat heartbeat) {
      beats++;
    }

    @Override
    protected void write(StoredEvent event) {
    }

    @Override
    protected boolean backlogFull() {
      return false;
    }

    @Override
    protected Future<Void> writable() {
      return Future.succeededFuture();
    }

    @Override
    protected void onSlowConsumer() {
    }

    @Override
    protected void closeForShutdown() {
    }
  }

  @Test
  void heartbeatsAreSpreadOverTheIntervalAndReachEverySubscriptionOncePerInterval() {
    SubscriberRegistry registry = new SubscriberRegistry(new GatewayMetrics());
    List<CountingSubscription> subscriptions = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      CountingSubscription s = new CountingSubscription(i % 3 == 0 ? null : "exec-" + (i % 7), Transport.SSE);
      subscriptions.add(s);
      registry.add(s);
    }

    registry.heartbeatNextSlice();
    int firstSlice = subscriptions.stream().mapToInt(s -> s.beats).sum();
    int slices = SubscriberRegistry.HEARTBEAT_SLICES;
    assertEquals((1000 + slices - 1) / slices, firstSlice, "the first slice beats its share (rounded up), not everyone");

    for (int i = 1; i < SubscriberRegistry.HEARTBEAT_SLICES; i++) {
      registry.heartbeatNextSlice();
    }
    assertTrue(subscriptions.stream().allMatch(s -> s.beats == 1), "one full interval beats each subscription exactly once");
  }

  @Test
  void webSocketsArePingedOnTheirOwnIntervalAndWaitingPollsGetNothing() {
    SubscriberRegistry registry = new SubscriberRegistry(new GatewayMetrics());
    List<CountingSubscription> webSockets = new ArrayList<>();
    List<CountingSubscription> sse = new ArrayList<>();
    List<CountingSubscription> polls = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      CountingSubscription ws = new CountingSubscription("exec-" + (i % 5), Transport.WEBSOCKET);
      CountingSubscription stream = new CountingSubscription("exec-" + (i % 5), Transport.SSE);
      CountingSubscription poll = new CountingSubscription("exec-" + (i % 5), Transport.POLL);
      webSockets.add(ws);
      sse.add(stream);
      polls.add(poll);
      registry.add(ws);
      registry.add(stream);
      registry.add(poll);
    }

    for (int i = 0; i < SubscriberRegistry.HEARTBEAT_SLICES; i++) {
      registry.pingNextSlice();
    }
    assertTrue(webSockets.stream().allMatch(s -> s.beats == 1), "one ping interval pings each WebSocket once");
    assertTrue(sse.stream().allMatch(s -> s.beats == 0), "pings are not SSE heartbeats");

    registry.remove(webSockets.get(0));
    for (int i = 0; i < SubscriberRegistry.HEARTBEAT_SLICES; i++) {
      registry.heartbeatNextSlice();
    }
    assertTrue(sse.stream().allMatch(s -> s.beats == 1), "one heartbeat interval reaches each SSE stream once");
    assertTrue(webSockets.stream().allMatch(s -> s.beats == 1), "heartbeats are not pings");
    assertTrue(polls.stream().allMatch(s -> s.beats == 0), "a waiting long poll gets no keep-alive");

    for (int i = 0; i < SubscriberRegistry.HEARTBEAT_SLICES; i++) {
      registry.pingNextSlice();
    }
    assertEquals(1, webSockets.get(0).beats, "a removed WebSocket is pinged no more");
    assertTrue(webSockets.subList(1, webSockets.size()).stream().allMatch(s -> s.beats == 2));
  }
}
