package io.hitl.gateway.execution;

import io.hitl.gateway.config.GatewayConfig;
import io.hitl.gateway.notify.WebhookSender;
import io.hitl.gateway.review.HumanInputRequests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Map;

/**
 * Assembles crew executions for one process: loads the crews (blocking, at start-up), and
 * deploys the worker.
 */
public final class ExecutionRuntime {

  private final Crews crews;
  private final Executions executions;
  private final ExecutionWorker worker;

  private ExecutionRuntime(Crews crews, Executions executions, ExecutionWorker worker) {
    this.crews = crews;
    this.executions = executions;
    this.worker = worker;
  }

  /**
   * Loads the crews of {@code HITL_CREWS_DIR} and the demo crew; blocking.
   *
   * @param requests built with an {@link ExecutionResumption} listener, so answers resume executions
   * @throws io.hitl.gateway.config.ConfigException when a crew file is invalid
   */
  public static ExecutionRuntime create(Vertx vertx, Pool pool, GatewayConfig config, HumanInputRequests requests) {
    JsonPoster poster = new JsonPoster(vertx);
    TaskExecutors executors = new TaskExecutors(Map.of(
        TemplateExecutor.NAME, new TemplateExecutor(vertx),
        HttpAgentExecutor.NAME, new HttpAgentExecutor(poster),
        OpenAiExecutor.NAME, new OpenAiExecutor(poster, config.openAiBaseUrl(), config.openAiModel().orElse(null),
            config.openAiApiKey().orElse(null))));
    CrewLoader loader = new CrewLoader(executors, CelCondition::compile);
    List<CrewDefinition> fromDirectory = config.crewsDir().map(loader::loadDirectory).orElse(List.of());
    Crews crews = Crews.of(loader.demo(), fromDirectory, config.defaultCrew());
    ExecutionWebhooks webhooks = new ExecutionWebhooks(new WebhookSender(vertx, config.webhookTimeoutMillis()));
    ExecutionStep step = new ExecutionStep(vertx, pool, crews, executors, requests, webhooks,
        config.executionLeaseSeconds());
    ExecutionWorker worker = new ExecutionWorker(pool, step, config.executionLeaseSeconds(),
        config.executionConcurrency(), config.executionPollMillis());
    return new ExecutionRuntime(crews, new Executions(vertx, pool, requests, webhooks), worker);
  }

  /** Deploys the worker on its own event loop. */
  public Future<String> deployWorker(Vertx vertx) {
    return vertx.deployVerticle(worker);
  }

  public Crews crews() {
    return crews;
  }

  public Executions executions() {
    return executions;
  }
}
