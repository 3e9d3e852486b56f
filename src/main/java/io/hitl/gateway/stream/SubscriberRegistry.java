package io.hitl.gateway.stream;

import io.hitl.gateway.event.StoredEvent;
import io.hitl.gateway.metrics.GatewayMetrics;
import io.hitl.gateway.metrics.Transport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The subscriptions of one event loop, indexed by execution. It receives each dispatched batch
 * once and writes every event to the matching subscriptions; it also sends their keep-alives:
 * SSE heartbeat events and WebSocket pings, each on its own interval.
 * Only ever used on its own event loop, so it needs no locks.
 */
public final class SubscriberRegistry {

  private static final Transport[] TRANSPORTS = Transport.values();
  /** Keep-alives go out in this many slices per interval, each to its share of the subscriptions. */
  public static final int HEARTBEAT_SLICES = 30;

  private final GatewayMetrics metrics;
  private final Map<String, List<Subscription>> byExecution = new HashMap<>();
  private final List<Subscription> allExecutions = new ArrayList<>();
  private final List<Subscription> removedWhileDelivering = new ArrayList<>();
  private final int[] deliveredPerTransport = new int[TRANSPORTS.length];
  private boolean delivering;
  private final KeepAliveSlots heartbeats = new KeepAliveSlots(HEARTBEAT_SLICES);
  private final KeepAliveSlots pings = new KeepAliveSlots(HEARTBEAT_SLICES);

  public SubscriberRegistry(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  /** Adds a subscription; from now on it is offered every matching live event. */
  public void add(Subscription subscription) {
    KeepAliveSlots keepAlive = keepAliveOf(subscription);
    if (keepAlive != null) {
      keepAlive.add(subscription);
    }
    String id = subscription.executionId();
    if (id == null) {
      allExecutions.add(subscription);
    } else {
      byExecution.computeIfAbsent(id, k -> new ArrayList<>()).add(subscription);
    }
  }

  /** Removes a subscription and marks it closed. */
  public void remove(Subscription subscription) {
    subscription.markClosed();
    if (delivering) {
      removedWhileDelivering.add(subscription);
      return;
    }
    KeepAliveSlots keepAlive = keepAliveOf(subscription);
    if (keepAlive != null) {
      keepAlive.remove(subscription);
    }
    String id = subscription.executionId();
    if (id == null) {
      allExecutions.remove(subscription);
    } else {
      List<Subscription> list = byExecution.get(id);
      if (list != null && list.remove(subscription) && list.isEmpty()) {
        byExecution.remove(id);
      }
    }
  }

  /** Delivers a batch of events, in order, to every matching subscription. */
  public void onBatch(List<StoredEvent> batch) {
    delivering = true;
    try {
      for (StoredEvent event : batch) {
        List<Subscription> forExecution = byExecution.get(event.executionId());
        if (forExecution != null) {
          offerAll(forExecution, event);
        }
        offerAll(allExecutions, event);
        recordDeliveries(event);
      }
    } finally {
      delivering = false;
    }
    if (!removedWhileDelivering.isEmpty()) {
      List<Subscription> removed = new ArrayList<>(removedWhileDelivering);
      removedWhileDelivering.clear();
      removed.forEach(this::remove);
    }
  }

  /**
   * Sends the SSE heartbeat to the next slice of the SSE subscriptions; called
   * {@link #HEARTBEAT_SLICES} times per heartbeat interval, it reaches each once per interval.
   */
  public void heartbeatNextSlice() {
    heartbeats.beatNextSlice();
  }

  /**
   * Pings the next slice of the WebSocket subscriptions; called {@link #HEARTBEAT_SLICES} times
   * per ping interval, it reaches each once per interval.
   */
  public void pingNextSlice() {
    pings.beatNextSlice();
  }

  /** WebSockets get pings, SSE streams heartbeat events; a waiting long poll needs neither. */
  private KeepAliveSlots keepAliveOf(Subscription subscription) {
    return switch (subscription.transport()) {
      case WEBSOCKET -> pings;
      case SSE -> heartbeats;
      case POLL -> null;
    };
  }

  /** Ends every subscription because the gateway is shutting down. */
  public void shutdown() {
    List<Subscription> everyone = new ArrayList<>(allExecutions);
    byExecution.values().forEach(everyone::addAll);
    for (Subscription s : everyone) {
      s.closeForShutdown();
      remove(s);
    }
  }

  /** Counts events a subscription received while catching up from the log. */
  void caughtUp(Subscription subscription, int sent) {
    metrics.deliveredFromHistory(subscription.transport(), sent);
  }

  /** How many subscriptions are registered. */
  public int size() {
    int n = allExecutions.size();
    for (List<Subscription> list : byExecution.values()) {
      n += list.size();
    }
    return n;
  }

  private void offerAll(List<Subscription> subscriptions, StoredEvent event) {
    for (int i = 0; i < subscriptions.size(); i++) {
      Subscription s = subscriptions.get(i);
      if (s.offer(event)) {
        deliveredPerTransport[s.transport().ordinal()]++;
      }
    }
  }

  private void recordDeliveries(StoredEvent event) {
    for (int t = 0; t < TRANSPORTS.length; t++) {
      if (deliveredPerTransport[t] > 0) {
        metrics.delivered(TRANSPORTS[t], deliveredPerTransport[t], event.createdAtMillis());
        deliveredPerTransport[t] = 0;
      }
    }
  }
}
