package io.hitl.gateway.http;

import io.hitl.gateway.auth.AuthHandler;
import io.hitl.gateway.auth.WhoAmIEndpoint;
import io.hitl.gateway.config.GatewayConfig;
import io.hitl.gateway.dashboard.DashboardEndpoint;
import io.hitl.gateway.event.EventReader;
import io.hitl.gateway.review.CallbackUrls;
import io.hitl.gateway.review.HumanInputRequestApi;
import io.hitl.gateway.stream.PollEndpoint;
import io.hitl.gateway.stream.QueuedEventReader;
import io.hitl.gateway.stream.SseEndpoint;
import io.hitl.gateway.stream.SubscriberRegistry;
import io.hitl.gateway.stream.WebSocketEndpoint;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP server instance on one event loop: its own router and its own registry of streaming
 * subscriptions, fed by the process's event dispatcher. The bootstrap deploys one per core.
 */
public final class HttpServerVerticle extends VerticleBase {

  private final GatewayServices services;
  private Runnable unregisterFromFanout;
  private SubscriberRegistry registry;
  private HttpServer server;

  public HttpServerVerticle(GatewayServices services) {
    this.services = services;
  }

  @Override
  public Future<?> start() {
    GatewayConfig config = services.config();
    registry = new SubscriberRegistry(services.metrics());
    unregisterFromFanout = services.fanout().register(context, registry::onBatch);
    vertx.setPeriodic(config.heartbeatSeconds() * 1000L / SubscriberRegistry.HEARTBEAT_SLICES,
        id -> registry.heartbeatNextSlice());
    vertx.setPeriodic(config.webSocketPingSeconds() * 1000L / SubscriberRegistry.HEARTBEAT_SLICES,
        id -> registry.pingNextSlice());

    Router router = Router.router(vertx);
    new HealthEndpoint(services.databaseHealth(), services.dispatcher(), services.draining()).mount(router);
    new OpenApiEndpoint().mount(router);
    // The dashboard's files are public; its API calls and WebSocket carry the reviewer's token.
    new DashboardEndpoint().mount(router);
    HumanInputRequestApi requestApi = new HumanInputRequestApi(services.requests(), services.callbacks());
    // Callback URLs carry their own signature instead of a credential.
    router.route(CallbackUrls.PREFIX + "/*").handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
    requestApi.mountCallback(router);
    router.route().handler(new AuthHandler(services.apiKeys(), services.jwts()));
    router.route().handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
    new MetricsEndpoint(services.metrics()).mount(router);
    new WhoAmIEndpoint().mount(router);
    requestApi.mount(router);
    services.auditApi().mount(router);
    services.analyticsApi().mount(router);
    services.emailApi().mount(router);
    services.executionApi().mount(router);
    services.webhookApi().mount(router);
    services.routingRuleApi().mount(router);
    services.settingsApi().mount(router);
    // Half the pool is shared out for stream reads; the other half stays free for producers.
    EventReader reads = new QueuedEventReader(services.eventLog(),
        Math.max(1, config.dbPoolSize() / (2 * config.httpInstances())));
    new WebSocketEndpoint(reads, registry, services.origins(), requestApi, services.metrics(),
        config.catchUpBufferEvents(), config.clientBacklogBytes()).mount(router);
    new SseEndpoint(reads, registry, services.metrics(), config.catchUpBufferEvents(),
        config.clientBacklogBytes()).mount(router);
    new PollEndpoint(vertx, reads, registry, services.metrics(), config.pollMaxTimeoutSeconds()).mount(router);
    FailureHandler failures = new FailureHandler();
    router.route().failureHandler(failures);
    router.errorHandler(404, failures);
    router.errorHandler(405, failures);

    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.host())
        .setPort(config.httpPort())
        .setMaxWebSocketFrameSize(config.maxWebSocketMessageBytes())
        .setMaxWebSocketMessageSize(config.maxWebSocketMessageBytes())
        .setTcpNoDelay(true)
        // Every request, response and stream is handled on its connection's event loop, so the
        // connection needs no cross-thread write queue (one 4 KiB queue less per connection).
        .setStrictThreadMode(true)
        // HTTP/1.1 only. Clients that offer the cleartext HTTP/2 upgrade (Java's HttpClient does by
        // default) then simply get HTTP/1.1: on io_uring, Vert.x 5.0.12 answered about one fresh
        // upgrading client in ten in HTTP/1.1 after switching, a protocol error or a hung client.
        .setHttp2ClearTextEnabled(false);
    return vertx.createHttpServer(options).requestHandler(router).listen().onSuccess(s -> server = s);
  }

  /**
   * Shuts down gracefully: streaming clients are told to reconnect (WebSocket 1012, SSE
   * {@code retry:}, long polls answered), no new connection is accepted, and requests in flight
   * get up to {@code HITL_SHUTDOWN_GRACE_SECONDS} to finish.
   */
  @Override
  public Future<?> stop() {
    if (unregisterFromFanout != null) {
      unregisterFromFanout.run();
    }
    if (registry != null) {
      registry.shutdown();
    }
    return server == null ? Future.succeededFuture()
        : server.shutdown(services.config().shutdownGraceSeconds(), TimeUnit.SECONDS);
  }
}
