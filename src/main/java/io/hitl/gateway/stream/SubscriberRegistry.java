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
 * once and writes every event to the matching subscriptions; it also sends their heartbeats.
 * Only ever used on its own event loop, so it needs no locks.
 */
public final class SubscriberRegistry {

  private static final Transport[] TRANSPORTS = Transport.values();
  /**
   * Heartbeats go out in this many slices per interval, each to its share of the subscriptions:
   * pinging thousands of connections at once would hold up the events behind them.
   */
  public static final int HEARTBEAT_SLICES = 30;

  private final GatewayMetrics metrics;
  private final Map<String, List<Subscription>> byExecution = new HashMap<>();
  private final List<Subscription> allExecutions = new ArrayList<>();
  private final List<Subscription> removedWhileDelivering = new ArrayList<>();
  private final int[] deliveredPerTransport = new int[TRANSPORTS.length];
  private boolean delivering;
  private int nextHeartbeatSlot;
  private int heartbeatSlice;

  public SubscriberRegistry(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  /** Adds a subscription; from now on it is offered every matching live event. */
  public void add(Subscription subscription) {
    subscription.heartbeatSlot(nextHeartbeatSlot);
    nextHeartbeatSlot = (nextHeartbeatSlot + 1) % HEARTBEAT_SLICES;
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
   * Sends a heartbeat to the next slice of the subscriptions; called {@link #HEARTBEAT_SLICES}
   * times per heartbeat interval, it reaches every subscription once per interval.
   */
  public void heartbeatNextSlice() {
    int slice = heartbeatSlice;
    heartbeatSlice = (heartbeatSlice + 1) % HEARTBEAT_SLICES;
    Heartbeat beat = Heartbeat.now();
    for (List<Subscription> list : byExecution.values()) {
      beat(list, slice, beat);
    }
    beat(allExecutions, slice, beat);
  }

  private static void beat(List<Subscription> subscriptions, int slice, Heartbeat beat) {
    for (int i = 0; i < subscriptions.size(); i++) {
      Subscription s = subscriptions.get(i);
      if (s.heartbeatSlot() == slice) {
        s.heartbeat(beat);
      }
    }
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
