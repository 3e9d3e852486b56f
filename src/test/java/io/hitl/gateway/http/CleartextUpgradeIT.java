package io.hitl.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.hitl.gateway.support.GatewayUnderTest;
import io.hitl.gateway.support.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that offer the cleartext HTTP/2 upgrade, as Java's {@link HttpClient} does by default,
 * get complete HTTP/1.1 answers. With the upgrade enabled, about one fresh client in ten got an
 * HTTP/1.1 answer on a connection it had switched to HTTP/2 (on io_uring): a protocol error, or
 * a response whose body never completed and a client that hung.
 */
class CleartextUpgradeIT {

  private static final int CLIENTS = 60;
  private static final int REQUESTS_PER_CLIENT = 4;

  @RegisterExtension
  static final GatewayUnderTest env = GatewayUnderTest.create();

  @Test
  void freshClientsOfferingTheUpgradeGetCompleteHttp11Answers() throws Exception {
    for (int c = 0; c < CLIENTS; c++) {
      HttpClient client = HttpClient.newHttpClient();
      for (int r = 0; r < REQUESTS_PER_CLIENT; r++) {
        String path = r % 2 == 0 ? "/health" : "/metrics";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.gateway().port() + path))
            .header("Authorization", "Bearer " + TestGateway.API_KEY).GET().build();
        HttpResponse<String> response;
        try {
          // The JDK client's own timeout ends when the headers arrive; this bounds the body too.
          response = client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          fail("client " + c + ", request " + r + " (" + path + "): no complete answer within 10 s");
          return;
        } catch (ExecutionException e) {
          fail("client " + c + ", request " + r + " (" + path + ") failed: " + e.getCause());
          return;
        }
        assertEquals(200, response.statusCode(), path);
        assertEquals(HttpClient.Version.HTTP_1_1, response.version(), "the upgrade is declined: " + path);
      }
    }
  }
}
