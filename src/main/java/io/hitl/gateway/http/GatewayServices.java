package io.hitl.gateway.http;

import io.hitl.gateway.analytics.AnalyticsApi;
import io.hitl.gateway.audit.AuditApi;
import io.hitl.gateway.auth.ApiKeys;
import io.hitl.gateway.auth.JwtPrincipals;
import io.hitl.gateway.auth.OriginPolicy;
import io.hitl.gateway.config.GatewayConfig;
import io.hitl.gateway.email.EmailApi;
import io.hitl.gateway.event.EventDispatcher;
import io.hitl.gateway.event.EventFanout;
import io.hitl.gateway.event.EventLog;
import io.hitl.gateway.execution.ExecutionApi;
import io.hitl.gateway.metrics.GatewayMetrics;
import io.hitl.gateway.notify.WebhookApi;
import io.hitl.gateway.review.CallbackUrls;
import io.hitl.gateway.review.HumanInputRequests;
import io.hitl.gateway.routing.RoutingRuleApi;
import io.hitl.gateway.routing.SettingsApi;
import io.hitl.gateway.store.DatabaseHealth;
import java.util.function.BooleanSupplier;

/**
 * What every HTTP server instance shares: built once per process by the bootstrap.
 *
 * @param jwts null when JWTs are not accepted
 */
public record GatewayServices(
    GatewayConfig config,
    ApiKeys apiKeys,
    OriginPolicy origins,
    GatewayMetrics metrics,
    JwtPrincipals jwts,
    EventLog eventLog,
    EventFanout fanout,
    EventDispatcher dispatcher,
    DatabaseHealth databaseHealth,
    HumanInputRequests requests,
    CallbackUrls callbacks,
    ExecutionApi executionApi,
    BooleanSupplier draining,
    AuditApi auditApi,
    AnalyticsApi analyticsApi,
    WebhookApi webhookApi,
    RoutingRuleApi routingRuleApi,
    SettingsApi settingsApi,
    EmailApi emailApi) {
}
