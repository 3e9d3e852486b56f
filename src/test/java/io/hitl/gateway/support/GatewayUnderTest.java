package io.hitl.gateway.support;

import io.vertx.core.Vertx;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's gateway and the Vert.x its clients run on: started before the class's first
 * test, closed after its last. Use as {@code @RegisterExtension static final GatewayUnderTest env}.
 */
public final class GatewayUnderTest implements BeforeAllCallback, AfterAllCallback {

  private final Supplier<TestGateway> starter;
  private TestGateway gateway;
  private Vertx clients;

  private GatewayUnderTest(Supplier<TestGateway> starter) {
    this.starter = starter;
  }

  /** A gateway with the default test settings on a fresh database. */
  public static GatewayUnderTest create() {
    return of(TestGateway::start);
  }

  /** A gateway started by {@code starter}, e.g. with extra settings. */
  public static GatewayUnderTest of(Supplier<TestGateway> starter) {
    return new GatewayUnderTest(starter);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    gateway = starter.get();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (clients != null) {
      clients.close().await();
    }
    gateway.close();
  }

  /** The running gateway. */
  public TestGateway gateway() {
    return gateway;
  }

  /** The Vert.x instance for this class's clients, created on first use. */
  public synchronized Vertx vertx() {
    if (clients == null) {
      clients = Vertx.vertx();
    }
    return clients;
  }
}
