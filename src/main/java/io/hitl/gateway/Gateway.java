package io.hitl.gateway;

import io.hitl.gateway.analytics.Analytics;
import io.hitl.gateway.analytics.AnalyticsApi;
import io.hitl.gateway.audit.AuditApi;
import io.hitl.gateway.audit.AuditChainer;
import io.hitl.gateway.audit.AuditLog;
import io.hitl.gateway.audit.RequestAudit;
import io.hitl.gateway.auth.ApiKeyBootstrap;
import io.hitl.gateway.auth.ApiKeys;
import io.hitl.gateway.auth.GatewaySecret;
import io.hitl.gateway.auth.JwtPrincipals;
import io.hitl.gateway.auth.OriginPolicy;
import io.hitl.gateway.auth.Permission;
import io.hitl.gateway.auth.Principal;
import io.hitl.gateway.config.ConfigException;
import io.hitl.gateway.config.GatewayConfig;
import io.hitl.gateway.config.NetworkTransport;
import io.hitl.gateway.email.EmailChannel;
import io.hitl.gateway.email.EmailNotifications;
import io.hitl.gateway.event.EventDispatcher;
import io.hitl.gateway.event.EventFanout;
import io.hitl.gateway.event.EventLog;
import io.hitl.gateway.execution.ExecutionApi;
import io.hitl.gateway.execution.ExecutionResumption;
import io.hitl.gateway.execution.ExecutionRuntime;
import io.hitl.gateway.http.GatewayServices;
import io.hitl.gateway.http.HttpServerVerticle;
import io.hitl.gateway.metrics.GatewayMetrics;
import io.hitl.gateway.notify.FlowWebhooks;
import io.hitl.gateway.review.CallbackUrls;
import io.hitl.gateway.review.HumanInputRequests;
import io.hitl.gateway.review.RequestLifecycle;
import io.hitl.gateway.routing.HitlSettings;
import io.hitl.gateway.routing.RoutingAssigner;
import io.hitl.gateway.routing.RoutingRuleApi;
import io.hitl.gateway.routing.RoutingRuleStore;
import io.hitl.gateway.routing.SettingsApi;
import io.hitl.gateway.routing.SettingsStore;
import io.hitl.gateway.store.DatabaseHealth;
import io.hitl.gateway.store.DatabaseTarget;
import io.hitl.gateway.store.EmbeddedDatabase;
import io.hitl.gateway.store.Migrations;
import io.hitl.gateway.timer.RequestTimers;
import io.hitl.gateway.timer.TimerWorker;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops one gateway process: database (external or embedded), migrations, API keys,
 * Vert.x with metrics, the event dispatcher and one HTTP server per core.
 */
public final class Gateway implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  private static final Duration DB_STARTUP_WAIT = Duration.ofSeconds(60);
  private static final long AUDIT_CHAIN_INTERVAL_MILLIS = 50;

  private final GatewayConfig config;
  private final Vertx vertx;
  private final Pool pool;
  private final EmbeddedDatabase embedded;
  private final AtomicBoolean draining;

  private Gateway(GatewayConfig config, Vertx vertx, Pool pool, EmbeddedDatabase embedded, AtomicBoolean draining) {
    this.config = config;
    this.vertx = vertx;
    this.pool = pool;
    this.embedded = embedded;
    this.draining = draining;
  }

  /** Entry point: configuration from the environment, stop on SIGTERM. */
  public static void main(String[] args) {
    Gateway gateway;
    try {
      gateway = start(GatewayConfig.fromEnvironment());
    } catch (ConfigException e) {
      System.err.println("hitl-gateway: invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    } catch (IllegalStateException e) {
      LOG.error(e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "hitl-shutdown"));
  }

  /**
   * Starts a gateway and returns once it serves requests. Blocking.
   *
   * @throws IllegalStateException when it cannot start; what was started is stopped again
   */
  public static Gateway start(GatewayConfig config) {
    LOG.info("starting hitl-gateway with {}", config);
    EmbeddedDatabase embedded = config.dbUrl().isEmpty() ? EmbeddedDatabase.start(config.dataDir(), config.embeddedDbPort()) : null;
    DatabaseTarget db = embedded != null ? embedded.target() : DatabaseTarget.fromUrl(config.dbUrl().get());
    Vertx vertx = null;
    try {
      migrateWhenReachable(db);
      ApiKeys keys = reviewerKeys(config, ApiKeyBootstrap.load(config.apiKeys(), db, key -> LOG.warn(
          "No HITL_API_KEYS configured: generated this API key, shown only now, store it safely: {}", key)));
      GatewaySecret secret = GatewaySecret.load(config.secretKey(), db, () -> LOG.warn(
          "No HITL_SECRET_KEY configured: using the secret generated and stored in the database;"
              + " set HITL_SECRET_KEY so that webhook secrets are encrypted with a key kept elsewhere"));

      GatewayMetrics metrics = new GatewayMetrics();
      Transport transport = NetworkTransport.resolve(config.transport());
      vertx = Vertx.builder()
          .with(new VertxOptions().setEventLoopPoolSize(config.eventLoops()).setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
              // Per-socket byte and message meters cost the fan-out more than the delivery itself; the
              // gateway's own hitl_* metrics count connections and deliveries per transport instead.
              .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
              .addDisabledMetricsCategory(MetricsDomain.NET_SERVER)))
          .withMetrics(new MicrometerMetricsFactory(metrics.registry()))
          .withTransport(transport)
          .build();
      Pool pool = PgBuilder.pool()
          .with(new PoolOptions().setMaxSize(config.dbPoolSize()).setConnectionTimeout(5).setConnectionTimeoutUnit(TimeUnit.SECONDS))
          .connectingTo(db.connectOptions())
          .using(vertx)
          .build();
      EventLog eventLog = new EventLog(pool, metrics);
      EventFanout fanout = new EventFanout();
      EventDispatcher dispatcher = new EventDispatcher(eventLog, fanout, db.connectOptions(), config.dispatchIntervalMillis());
      AtomicBoolean draining = new AtomicBoolean();
      // Each concern below adds itself: timers, webhooks and the audit trail hear every request change.
      AuditLog audit = new AuditLog(pool);
      List<RequestLifecycle> lifecycle = new ArrayList<>();
      RoutingRuleStore rules = new RoutingRuleStore(pool, audit);
      SettingsStore settings = new SettingsStore(pool, audit);
      RoutingAssigner assigner = new RoutingAssigner(config.ownerEmail().orElse(null), rules);
      lifecycle.add(new RequestTimers());
      HumanInputRequests requests = new HumanInputRequests(vertx, pool, eventLog, Math.min(config.dbWriteTransactions(), config.dbPoolSize()),
          new ExecutionResumption(audit), assigner, RequestLifecycle.all(lifecycle));
      CallbackUrls callbacks = new CallbackUrls(secret, config.externalUrl());
      FlowWebhooks webhooks = FlowWebhooks.create(vertx, pool, config, secret, callbacks, audit);
      lifecycle.add(webhooks.outbox());
      if (EmailNotifications.deploymentOffReason(config.email()).isEmpty()) {
        lifecycle.add(new EmailNotifications(config.email(), tx -> settings.current(tx).map(HitlSettings::emailNotifications)));
      }
      EmailChannel email = new EmailChannel(vertx, pool, config.email(), secret, requests, config.timerPollMillis());
      lifecycle.add(new RequestAudit(audit));
      Vertx started = vertx;
      JwtPrincipals jwts = config.jwtSecret().map(s -> new JwtPrincipals(started, s, config.jwtIssuer().orElse(null)))
          .orElse(null);
      ExecutionRuntime executions = ExecutionRuntime.create(vertx, pool, config, requests);
      GatewayServices services = new GatewayServices(config, keys, new OriginPolicy(config.allowedOrigins()), metrics,
          jwts, eventLog, fanout, dispatcher, DatabaseHealth.start(vertx, pool), requests, callbacks,
          new ExecutionApi(executions.crews(), executions.executions()), draining::get,
          new AuditApi(audit), new AnalyticsApi(new Analytics(pool)), webhooks.api(),
          new RoutingRuleApi(rules, assigner), new SettingsApi(settings),
          email.api());
      TimerWorker timers = new TimerWorker(pool, requests, audit, config.timerPollMillis());

      Vertx v = vertx;
      v.deployVerticle(dispatcher)
          .compose(id -> executions.deployWorker(v))
          .compose(id -> webhooks.deployWorker(v))
          .compose(id -> v.deployVerticle(timers))
          .compose(id -> v.deployVerticle(new AuditChainer(audit, AUDIT_CHAIN_INTERVAL_MILLIS)))
          .compose(id -> email.deploy(v))
          .compose(id -> v.deployVerticle(() -> new HttpServerVerticle(services),
              new DeploymentOptions().setInstances(config.httpInstances())))
          .await(60, TimeUnit.SECONDS);
      LOG.info("hitl-gateway listening on http://{}:{} ({} HTTP instances on {} event loops, {} transport)", config.host(),
          config.httpPort(), config.httpInstances(), config.eventLoops(), transport.name());
      return new Gateway(config, vertx, pool, embedded, draining);
    } catch (Exception e) {
      if (vertx != null) {
        vertx.close();
      }
      if (embedded != null) {
        embedded.close();
      }
      if (e instanceof ConfigException invalidCrewOrSetting) {
        throw invalidCrewOrSetting;
      }
      throw new IllegalStateException("hitl-gateway could not start: " + e.getMessage(), e);
    }
  }

  private static ApiKeys reviewerKeys(GatewayConfig config, ApiKeys serviceKeys) {
    ApiKeys keys = serviceKeys;
    for (GatewayConfig.ReviewerKey reviewer : config.reviewerKeys()) {
      Set<Permission> permissions = EnumSet.noneOf(Permission.class);
      reviewer.permissions().forEach(label -> permissions.add(Permission.fromLabel(label)));
      keys = keys.with(reviewer.key(), Principal.person(reviewer.email(), permissions));
    }
    return keys;
  }

  private static void migrateWhenReachable(DatabaseTarget db) throws InterruptedException {
    long deadline = System.nanoTime() + DB_STARTUP_WAIT.toNanos();
    while (true) {
      try {
        Migrations.migrate(db);
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("database " + db + " unreachable: " + e.getMessage(), e);
        }
        LOG.warn("database {} not ready ({}), retrying", db, e.getMessage());
        Thread.sleep(1000);
      }
    }
  }

  /** The configured HTTP port. */
  public int port() {
    return config.httpPort();
  }

  /** The Vert.x instance, for embedding. */
  public Vertx vertx() {
    return vertx;
  }

  /**
   * Stops serving, in the order a load balancer needs: readiness goes down and, for
   * {@code HITL_SHUTDOWN_DRAIN_SECONDS}, clients are still served while traffic moves away; then
   * streaming clients are told to reconnect, in-flight requests finish within
   * {@code HITL_SHUTDOWN_GRACE_SECONDS}, and the database (if embedded) stops.
   */
  @Override
  public void close() {
    if (!draining.compareAndSet(false, true)) {
      return;
    }
    LOG.info("hitl-gateway stopping: not ready, draining for {} s", config.shutdownDrainSeconds());
    try {
      Thread.sleep(config.shutdownDrainSeconds() * 1000L);
      vertx.close().await(config.shutdownGraceSeconds() + 5L, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("Vert.x did not stop cleanly: {}", e.getMessage());
    }
    if (embedded != null) {
      embedded.close();
    }
    LOG.info("hitl-gateway stopped");
  }
}
