package io.hitl.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hitl.gateway.support.GatewayUnderTest;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that offer the cleartext HTTP/2 upgrade, as Java's {@link HttpClient} does by default,
 * get complete HTTP/1.1 answers. With the upgrade enabled, about one fresh client in ten got an
 * HTTP/1.1 answer on a connection it had switched to HTTP/2 (on io_uring): a protocol error, or
 * a response whose body never completed and a client that hung (the test helper bounds the whole
 * answer, so that fails here instead of hanging).
 */
class CleartextUpgradeIT {

  private static final int CLIENTS = 60;
  private static final int REQUESTS_PER_CLIENT = 4;

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.create();

  @Test
  void freshClientsOfferingTheUpgradeGetCompleteHttp11Answers() {
    for (int c = 0; c < CLIENTS; c++) {
      HttpClient client = HttpClient.newHttpClient();
      for (int r = 0; r < REQUESTS_PER_CLIENT; r++) {
        String path = r % 2 == 0 ? "/health" : "/metrics";
        HttpResponse<String> response = env.gateway().http().get(client, path);
        assertEquals(200, response.statusCode(), path);
        assertEquals(HttpClient.Version.HTTP_1_1, response.version(), "the upgrade is declined: " + path);
      }
    }
  }
}
