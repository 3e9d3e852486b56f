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

    CountingSubscription(String executionId) {
      super(executionId, Position.START, Transport.WEBSOCKET, 10);
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
      CountingSubscription s = new CountingSubscription(i % 3 == 0 ? null : "exec-" + (i % 7));
      subscriptions.add(s);
      registry.add(s);
    }

    registry.heartbeatNextSlice();
    int firstSlice = subscriptions.stream().mapToInt(s -> s.beats).sum();
    int slices = SubscriberRegistry.HEARTBEAT_SLICES;
    assertEquals((1000 + slices - 1) / slices, firstSlice, "the first slice pings its share (rounded up), not everyone");

    for (int i = 1; i < SubscriberRegistry.HEARTBEAT_SLICES; i++) {
      registry.heartbeatNextSlice();
    }
    assertTrue(subscriptions.stream().allMatch(s -> s.beats == 1), "one full interval pings each subscription exactly once");
  }
}
