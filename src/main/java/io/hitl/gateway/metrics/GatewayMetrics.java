package io.hitl.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's own public metrics, in the Prometheus registry that also carries the Vert.x and
 * JVM metrics. Names are documented in the README; the load test reads them.
 */
public final class GatewayMetrics {

  private final PrometheusMeterRegistry registry;
  private final Counter appended;
  private final DistributionSummary appendedPerTransaction;
  private final Map<Transport, Counter> delivered = new EnumMap<>(Transport.class);
  private final Map<Transport, AtomicInteger> connections = new EnumMap<>(Transport.class);
  private final Map<Transport, Timer> latency = new EnumMap<>(Transport.class);
  private final Map<Transport, Counter> slowConsumerDisconnects = new EnumMap<>(Transport.class);

  public GatewayMetrics() {
    this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  public GatewayMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.appended = Counter.builder("hitl.events.appended")
        .description("Events written to the durable log").register(registry);
    this.appendedPerTransaction = DistributionSummary.builder("hitl.events.appended.per.transaction")
        .description("Events written by one transaction: above 1 when concurrent producers share commits")
        .register(registry);
    for (Transport t : Transport.values()) {
      delivered.put(t, Counter.builder("hitl.events.delivered").tag("transport", t.label())
          .description("Event deliveries to clients").register(registry));
      AtomicInteger open = new AtomicInteger();
      connections.put(t, open);
      Gauge.builder("hitl.connections", open, AtomicInteger::get).tag("transport", t.label())
          .description("Open streaming connections (poll: requests waiting)").register(registry);
      latency.put(t, Timer.builder("hitl.delivery.latency").tag("transport", t.label())
          .description("Time from an event's append to its delivery to clients")
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1))
          .maximumExpectedValue(Duration.ofSeconds(30))
          .register(registry));
      slowConsumerDisconnects.put(t, Counter.builder("hitl.slow.consumer.disconnects").tag("transport", t.label())
          .description("Clients disconnected because their backlog exceeded the limit").register(registry));
    }
  }

  /** The registry, for Vert.x and JVM metrics to join. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Records one transaction's append of {@code count} events. */
  public void eventsAppended(int count) {
    appended.increment(count);
    appendedPerTransaction.record(count);
  }

  /**
   * Records that one event reached {@code clients} clients of a transport.
   *
   * @param appendedAtMillis when the event was appended
   */
  public void delivered(Transport transport, int clients, long appendedAtMillis) {
    delivered.get(transport).increment(clients);
    latency.get(transport).record(Math.max(0, System.currentTimeMillis() - appendedAtMillis), TimeUnit.MILLISECONDS);
  }

  /**
   * Records {@code count} events written to one client of a transport while it caught up from
   * the log; they count as delivered but stay out of the live latency histogram.
   */
  public void deliveredFromHistory(Transport transport, int count) {
    if (count > 0) {
      delivered.get(transport).increment(count);
    }
  }

  public void connectionOpened(Transport transport) {
    connections.get(transport).incrementAndGet();
  }

  public void connectionClosed(Transport transport) {
    connections.get(transport).decrementAndGet();
  }

  public void slowConsumerDisconnected(Transport transport) {
    slowConsumerDisconnects.get(transport).increment();
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }
}
