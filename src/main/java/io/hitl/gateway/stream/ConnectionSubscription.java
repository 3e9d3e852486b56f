package io.hitl.gateway.stream;

import io.hitl.gateway.event.Position;
import io.hitl.gateway.metrics.GatewayMetrics;
import io.hitl.gateway.metrics.Transport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * A subscription with its own connection (WebSocket or SSE): its backlog is the connection's
 * write queue, bounded at {@code HITL_CLIENT_BACKLOG_BYTES}; a client that fills it is counted and
 * disconnected.
 */
abstract class ConnectionSubscription extends Subscription {

  private final WriteStream<Buffer> connection;
  private final GatewayMetrics metrics;
  private Promise<Void> drained;

  ConnectionSubscription(WriteStream<Buffer> connection, String executionId, Position from, Transport transport,
      int holdLimit, int backlogBytes, GatewayMetrics metrics) {
    super(executionId, from, transport, holdLimit);
    this.connection = connection;
    this.metrics = metrics;
    connection.setWriteQueueMaxSize(backlogBytes);
  }

  /** True once the underlying connection is closed. */
  protected abstract boolean connectionClosed();

  /** Ends the connection of a client that fell too far behind, telling it why. */
  protected abstract void disconnect();

  @Override
  protected final boolean backlogFull() {
    return !connectionClosed() && connection.writeQueueFull();
  }

  @Override
  protected final Future<Void> writable() {
    if (isClosed() || connectionClosed() || !connection.writeQueueFull()) {
      return Future.succeededFuture();
    }
    Promise<Void> waiting = Promise.promise();
    drained = waiting;
    connection.drainHandler(v -> waiting.tryComplete());
    return waiting.future();
  }

  /** Called when the connection closes: nothing waits for a drain that will never come. */
  final void closed() {
    if (drained != null) {
      drained.tryComplete();
    }
  }

  @Override
  protected final void onSlowConsumer() {
    metrics.slowConsumerDisconnected(transport());
    disconnect();
  }
}
