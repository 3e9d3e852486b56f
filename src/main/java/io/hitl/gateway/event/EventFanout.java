package io.hitl.gateway.event;

import io.vertx.core.Context;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Hands each batch of dispatched events to every local listener on that listener's own event
 * loop. There is one listener per event loop (not per connection); it fans out to its
 * connections itself.
 */
public final class EventFanout {

  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  /**
   * Registers a listener that receives batches on {@code context}.
   *
   * @return call it to unregister
   */
  public Runnable register(Context context, Consumer<List<StoredEvent>> listener) {
    Listener entry = new Listener(context, listener);
    listeners.add(entry);
    return () -> listeners.remove(entry);
  }

  /** Publishes a batch, in log order, to every listener. */
  public void publish(List<StoredEvent> batch) {
    for (Listener l : listeners) {
      l.context.runOnContext(v -> l.consumer.accept(batch));
    }
  }

  private record Listener(Context context, Consumer<List<StoredEvent>> consumer) {
  }
}
