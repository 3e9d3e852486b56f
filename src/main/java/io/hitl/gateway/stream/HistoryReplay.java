package io.hitl.gateway.stream;

import io.hitl.gateway.event.EventReader;
import io.hitl.gateway.event.Position;
import io.hitl.gateway.event.StoredEvent;
import io.vertx.core.Future;
import java.util.List;

/**
 * Brings a new subscription up to date from the log, page by page and only as fast as the
 * client reads, then switches it to live events.
 */
final class HistoryReplay {

  private static final int PAGE = 500;

  private HistoryReplay() {
  }

  /**
   * Registers a subscription and starts it: with a start position it first replays the history
   * after it; without one it goes live at once.
   *
   * @return completes when the subscription is live (or closed); fails if the log cannot be read
   */
  static Future<Void> open(SubscriberRegistry registry, EventReader log, Subscription subscription, boolean replay) {
    registry.add(subscription);
    if (!replay) {
      registry.caughtUp(subscription, subscription.goLive());
      return Future.succeededFuture();
    }
    return page(registry, log, subscription, subscription.lastSent());
  }

  /*
   * The subscription is registered (holding live events) before the first page is read, so that
   * nothing committed meanwhile is missed.
   */
  private static Future<Void> page(SubscriberRegistry registry, EventReader log, Subscription subscription,
      Position after) {
    if (subscription.isClosed()) {
      return Future.succeededFuture();
    }
    return log.readAfter(after, subscription.executionId(), PAGE)
        .compose(events -> sendFrom(events, 0, subscription, registry).compose(v -> {
          if (events.size() < PAGE) {
            registry.caughtUp(subscription, subscription.goLive());
            return Future.succeededFuture();
          }
          return page(registry, log, subscription, events.get(events.size() - 1).position());
        }));
  }

  private static Future<Void> sendFrom(List<StoredEvent> events, int from, Subscription subscription,
      SubscriberRegistry registry) {
    int sent = 0;
    for (int i = from; i < events.size(); i++) {
      if (subscription.isClosed()) {
        break;
      }
      if (subscription.backlogFull()) {
        registry.caughtUp(subscription, sent);
        int next = i;
        return subscription.writable().compose(v -> sendFrom(events, next, subscription, registry));
      }
      if (subscription.send(events.get(i))) {
        sent++;
      }
    }
    registry.caughtUp(subscription, sent);
    return Future.succeededFuture();
  }
}
