package io.hitl.gateway.notify;

import io.hitl.gateway.review.HumanInputRequest;
import io.hitl.gateway.review.RequestLifecycle;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Turns request changes into queued deliveries, inside the transaction of the change: a request
 * never commits without its deliveries, nor a delivery without its request. {@code created}
 * queues {@code new_request} and {@code answered} queues {@code request_completed} for every
 * active webhook subscribed to the event.
 */
public final class WebhookOutbox implements RequestLifecycle {

  private final WebhookPayloads payloads;
  private final Webhooks webhooks;

  public WebhookOutbox(WebhookPayloads payloads, Webhooks webhooks) {
    this.payloads = payloads;
    this.webhooks = webhooks;
  }

  @Override
  public Future<Boolean> writesAfterCreate(SqlClient client) {
    return webhooks.subscribers(client, WebhookEvent.NEW_REQUEST).map(subscribed -> !subscribed.isEmpty());
  }

  @Override
  public Future<Void> created(SqlClient tx, List<HumanInputRequest> created) {
    return enqueue(tx, WebhookEvent.NEW_REQUEST, created, payloads::newRequest);
  }

  @Override
  public Future<Void> answered(SqlClient tx, HumanInputRequest answered) {
    return enqueue(tx, WebhookEvent.REQUEST_COMPLETED, List.of(answered), payloads::requestCompleted);
  }

  private Future<Void> enqueue(SqlClient tx, String event, List<HumanInputRequest> requests,
      Function<HumanInputRequest, String> payload) {
    return webhooks.subscribers(tx, event).compose(subscribed -> {
      if (subscribed.isEmpty()) {
        return Future.succeededFuture();
      }
      List<WebhookDeliveries.Queued> queued = new ArrayList<>(subscribed.size() * requests.size());
      for (HumanInputRequest r : requests) {
        // one body per request, shared by all its webhooks: each signs the same bytes
        String body = payload.apply(r);
        for (UUID webhook : subscribed) {
          queued.add(new WebhookDeliveries.Queued(webhook, event, r.requestId(), body));
        }
      }
      return WebhookDeliveries.enqueue(tx, queued);
    });
  }
}
