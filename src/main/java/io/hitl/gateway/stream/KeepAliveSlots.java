package io.hitl.gateway.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * The subscriptions that get one kind of keep-alive, spread over the slices of its interval: each
 * slice reaches only its own share, so thousands of connections are never pinged at once (that
 * would hold up the events behind them) and a slice costs its share, not a scan of everyone.
 */
final class KeepAliveSlots {

  private final List<List<Subscription>> slots;
  private int nextSlot;
  private int nextSlice;

  KeepAliveSlots(int slices) {
    slots = new ArrayList<>(slices);
    for (int i = 0; i < slices; i++) {
      slots.add(new ArrayList<>());
    }
  }

  void add(Subscription subscription) {
    subscription.heartbeatSlot(nextSlot);
    slots.get(nextSlot).add(subscription);
    nextSlot = (nextSlot + 1) % slots.size();
  }

  void remove(Subscription subscription) {
    slots.get(subscription.heartbeatSlot()).remove(subscription);
  }

  /** Sends a keep-alive to the next slice; called once per slice of the interval. */
  void beatNextSlice() {
    List<Subscription> slice = slots.get(nextSlice);
    nextSlice = (nextSlice + 1) % slots.size();
    if (slice.isEmpty()) {
      return;
    }
    Heartbeat beat = Heartbeat.now();
    // By index: a subscription whose connection closes while we write leaves the list.
    for (int i = 0; i < slice.size(); i++) {
      slice.get(i).heartbeat(beat);
    }
  }
}
