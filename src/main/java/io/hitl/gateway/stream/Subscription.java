package io.hitl.gateway.stream;

import io.hitl.gateway.event.Position;
import io.hitl.gateway.event.StoredEvent;
import io.hitl.gateway.metrics.Transport;
import io.vertx.core.Future;
import java.util.ArrayDeque;

/**
 * One client's view of the event stream: an execution (or all of them) and the position of the
 * last event sent. Lives on one event loop and is only touched there.
 *
 * <p>A subscription starts by holding live events while its history is replayed from the log,
 * then {@link #goLive() goes live}. Because it only ever sends an event positioned after the last
 * one it sent, the seam between history and live events has neither a gap nor a duplicate.
 */
public abstract class Subscription {

  private final String executionId;
  private final Transport transport;
  private final int holdLimit;
  private Position lastSent;
  private ArrayDeque<StoredEvent> held = new ArrayDeque<>();
  private boolean closed;
  private String audience;
  private int heartbeatSlot;

  /**
   * @param executionId the execution whose events it receives, or {@code null} for all
   * @param from the position after which events are wanted
   * @param holdLimit how many live events it may hold while catching up before it counts as slow
   */
  protected Subscription(String executionId, Position from, Transport transport, int holdLimit) {
    this.executionId = executionId;
    this.lastSent = from;
    this.transport = transport;
    this.holdLimit = holdLimit;
  }

  /** The execution it follows, or {@code null} for every execution. */
  public final String executionId() {
    return executionId;
  }

  public final Transport transport() {
    return transport;
  }

  /** The position of the last event sent (or the starting position). */
  public final Position lastSent() {
    return lastSent;
  }

  /**
   * From now on sends only events about requests assigned to {@code email} (a reviewer who may
   * see only those); call before registering.
   */
  final void restrictTo(String email) {
    this.audience = email;
  }

  /** Which slice of each keep-alive interval this subscription's keep-alive goes out in. */
  final int heartbeatSlot() {
    return heartbeatSlot;
  }

  final void heartbeatSlot(int slot) {
    this.heartbeatSlot = slot;
  }

  public final boolean isClosed() {
    return closed;
  }

  /**
   * Takes a live event from the dispatcher.
   *
   * @return true when the event was written to the client now
   */
  final boolean offer(StoredEvent event) {
    if (closed) {
      return false;
    }
    if (held != null) {
      if (held.size() >= holdLimit) {
        disconnectSlow();
      } else {
        held.add(event);
      }
      return false;
    }
    return send(event);
  }

  /**
   * Sends an event unless it is not after the last one sent; a client whose backlog is full is
   * disconnected instead.
   *
   * @return true when the event was written
   */
  final boolean send(StoredEvent event) {
    if (closed || !event.position().isAfter(lastSent) || audience != null && !event.concerns(audience)) {
      return false;
    }
    if (backlogFull()) {
      disconnectSlow();
      return false;
    }
    lastSent = event.position();
    write(event);
    return true;
  }

  /**
   * Ends catch-up: sends what was held during it, then sends live events as they come.
   *
   * @return how many held events were written
   */
  final int goLive() {
    ArrayDeque<StoredEvent> pending = held;
    held = null;
    int sent = 0;
    if (pending != null) {
      for (StoredEvent e : pending) {
        if (send(e)) {
          sent++;
        }
      }
    }
    return sent;
  }

  /** Marks the subscription closed; nothing more is written. */
  final void markClosed() {
    closed = true;
  }

  private void disconnectSlow() {
    if (!closed) {
      closed = true;
      onSlowConsumer();
    }
  }

  /** Writes an event to the client. */
  protected abstract void write(StoredEvent event);

  /** True when the client has not read enough of what was written to take more. */
  protected abstract boolean backlogFull();

  /** Completes when the client can take more writes (at once if it can now). */
  protected abstract Future<Void> writable();

  /** Closes the connection of a client that is too slow, telling it why when the transport can. */
  protected abstract void onSlowConsumer();

  /** Ends the client's stream because this gateway is shutting down; it should resume elsewhere. */
  protected abstract void closeForShutdown();

  /** Sends a keep-alive; the default sends nothing. */
  protected void heartbeat(Heartbeat heartbeat) {
  }
}
