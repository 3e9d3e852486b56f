package io.hitl.gateway.config;

import io.vertx.core.transport.Transport;
import java.util.Locale;
import java.util.Set;

/**
 * The network transport Vert.x runs on ({@code HITL_TRANSPORT}): {@code auto} (Linux's native epoll
 * when it loads, otherwise Java NIO), {@code epoll} or {@code nio}.
 *
 * <p>Why epoll by default: a fan-out writes one frame to each subscriber's socket, and with NIO
 * every write also pays the JDK selector's bookkeeping; on the load test's 5,000-subscriber
 * fan-out epoll cut the gateway's CPU at 100,000 messages/s by a fifth (see loadtest/README.md).
 */
public final class NetworkTransport {

  public static final String AUTO = "auto";
  private static final Set<String> NAMES = Set.of(AUTO, "epoll", "nio");

  private NetworkTransport() {
  }

  /** Checks a configured name; the value, lower-cased. */
  static String require(String variable, String value) {
    String name = value.trim().toLowerCase(Locale.ROOT);
    if (!NAMES.contains(name)) {
      throw new ConfigException(variable + ": expected auto, epoll or nio, not '" + value + "'");
    }
    return name;
  }

  /**
   * The transport for a configured name.
   *
   * @throws ConfigException when {@code epoll} is asked for and cannot be loaded here
   */
  public static Transport resolve(String name) {
    return switch (name) {
      case "nio" -> Transport.NIO;
      case "epoll" -> {
        if (!Transport.EPOLL.available()) {
          throw new ConfigException("HITL_TRANSPORT: epoll is not available here ("
              + Transport.EPOLL.unavailabilityCause() + "); use auto or nio");
        }
        yield Transport.EPOLL;
      }
      default -> Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;
    };
  }
}
