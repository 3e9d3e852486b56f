package io.hitl.gateway.stream;

import io.hitl.gateway.event.Position;
import io.hitl.gateway.event.StoredEvent;
import io.hitl.gateway.metrics.Transport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A long-poll request waiting for its first new event. It collects what arrives in one dispatched
 * batch and answers once, right after that batch.
 */
final class PollWaiter extends Subscription {

  private final Context context;
  private final int maxEvents;
  private final Consumer<List<StoredEvent>> answer;
  private List<StoredEvent> collected;

  PollWaiter(Context context, String executionId, Position after, int maxEvents, Consumer<List<StoredEvent>> answer) {
    super(executionId, after, Transport.POLL, Integer.MAX_VALUE);
    this.context = context;
    this.maxEvents = maxEvents;
    this.answer = answer;
  }

  @Override
  protected void write(StoredEvent event) {
    if (collected == null) {
      collected = new ArrayList<>();
      context.runOnContext(v -> answer.accept(collected));
    }
    // Beyond one page the client asks again from the answer's last event id.
    if (collected.size() < maxEvents) {
      collected.add(event);
    }
  }

  /**
   * Never full: reporting a full page as a backlog would count the waiter as a slow consumer and
   * close it behind the endpoint's back, so it would never be unregistered.
   */
  @Override
  protected boolean backlogFull() {
    return false;
  }

  @Override
  protected Future<Void> writable() {
    return Future.succeededFuture();
  }

  /** Answers at once with what it has (usually nothing); the client polls again, elsewhere. */
  @Override
  protected void closeForShutdown() {
    answer.accept(collected == null ? List.of() : collected);
  }

  @Override
  protected void onSlowConsumer() {
    // Not reached: a waiter is never full.
  }
}
