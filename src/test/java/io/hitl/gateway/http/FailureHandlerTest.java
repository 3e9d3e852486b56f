package io.hitl.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** The failures Vert.x really raises when PostgreSQL is gone become 503 database_unavailable; others do not. */
class FailureHandlerTest {

  @Test
  void databaseUnavailableFailuresBecome503() {
    for (Throwable failure : new Throwable[] {
        new ConnectException("Connection refused"),
        new java.net.SocketException("Connection reset"),
        ClosedConnectionException.INSTANCE,
        new PgException("terminating connection due to administrator command", "FATAL", "57P01", null),
        new PgException("the database system is starting up", "FATAL", "57P03", null),
        new PgException("the database system is shutting down", "FATAL", "57P03", null),
        new PgException("connection failure", "FATAL", "08006", null),
        new VertxException("Timeout waiting for connection", true),
        new RuntimeException("wrapped", new ConnectException("Connection refused"))}) {
      ApiException error = FailureHandler.toApiException(failure, 500);
      assertEquals(503, error.status(), failure.toString());
      assertEquals("database_unavailable", error.error(), failure.toString());
    }
  }

  @Test
  void statementErrorsStayInternal() {
    for (Throwable failure : new Throwable[] {
        new PgException("syntax error", "ERROR", "42601", null),
        new PgException("duplicate key", "ERROR", "23505", null),
        new VertxException("something else", true)}) {
      assertEquals(500, FailureHandler.toApiException(failure, 500).status(), failure.toString());
    }
  }
}
