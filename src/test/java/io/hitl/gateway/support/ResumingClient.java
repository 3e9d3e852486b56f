package io.hitl.gateway.support;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A client that behaves as the README asks of real ones: when its connection ends (replica killed
 * or shut down) it reconnects to any live replica with the last event id it saw. Records every
 * event id received over all its connections.
 */
public final class ResumingClient implements AutoCloseable {

  /** The transport a client uses. */
  public enum Kind { WEBSOCKET, SSE, POLL }

  private final Vertx vertx;
  private final Kind kind;
  private final String path;
  private final Supplier<Integer> livePort;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final Thread watcher;
  private volatile boolean stopped;
  private volatile int connections;

  /**
   * @param path the stream path without query, e.g. {@code /ws/human-input/exec-1}
   * @param livePort picks the port of a replica that is up now
   */
  public ResumingClient(Vertx vertx, Kind kind, String path, Supplier<Integer> livePort) {
    this.vertx = vertx;
    this.kind = kind;
    this.path = path;
    this.livePort = livePort;
    this.watcher = new Thread(this::run, "resuming-" + kind);
    this.watcher.setDaemon(true);
    this.watcher.start();
  }

  private void run() {
    while (!stopped) {
      EventCollector current = connect();
      if (current == null) {
        sleep(200);
        continue;
      }
      connections++;
      int seen = 0;
      int errors = 0;
      while (!stopped && !current.isClosed() && current.errors().size() == errors) {
        List<String> ids = current.eventIds();
        for (int i = seen; i < ids.size(); i++) {
          received.add(ids.get(i));
        }
        seen = ids.size();
        sleep(50);
      }
      List<String> ids = current.eventIds();
      for (int i = seen; i < ids.size(); i++) {
        received.add(ids.get(i));
      }
      current.close();
    }
  }

  private EventCollector connect() {
    String last = received.isEmpty() ? null : received.get(received.size() - 1);
    try {
      int port = livePort.get();
      return switch (kind) {
        case WEBSOCKET -> EventCollector.webSocket(vertx, port, last == null ? path : path + "?last_event_id=" + last);
        case SSE -> EventCollector.sse(vertx, port, path, last);
        case POLL -> EventCollector.poll(vertx, port, path, 5, last);
      };
    } catch (Exception | AssertionError replicaGone) {
      return null;
    }
  }

  /** Every event id received, over all connections, in order (duplicates kept). */
  public List<String> received() {
    return new ArrayList<>(received);
  }

  /** The distinct ids received. */
  public Set<String> distinct() {
    return new LinkedHashSet<>(received);
  }

  /** How many connections it has opened. */
  public int connections() {
    return connections;
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public void close() {
    stopped = true;
    try {
      watcher.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
