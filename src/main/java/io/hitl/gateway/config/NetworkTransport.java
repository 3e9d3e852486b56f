package io.hitl.gateway.config;

import io.vertx.core.transport.Transport;
import java.util.Locale;
import java.util.Map;

/**
 * The network transport Vert.x runs on ({@code HITL_TRANSPORT}): {@code auto} (Linux's io_uring
 * when the kernel allows it, else Linux's epoll, else Java NIO), {@code io_uring}, {@code epoll}
 * or {@code nio}.
 *
 * <p>Why io_uring first: the gateway's work is system calls, one read or write per socket and
 * event, and what a system call costs differs several-fold between machines (kernel page-table
 * isolation makes each one flush the TLB). io_uring queues the loop's reads and writes and hands
 * them to the kernel in one call per turn of the event loop. On the load test's 2-core machine with
 * page-table isolation it cut the gateway's CPU in the 5,000-subscriber fan-out by a third and
 * raised the rate it delivers within p99 100 ms (see loadtest/README.md). Where a container's
 * seccomp profile or the kernel refuses io_uring, {@code auto} takes epoll; epoll in turn saves
 * the JDK selector's bookkeeping on every write.
 */
public final class NetworkTransport {

  public static final String AUTO = "auto";
  private static final Map<String, Transport> NAMED = Map.of("epoll", Transport.EPOLL, "io_uring", Transport.IO_URING,
      "nio", Transport.NIO);

  private NetworkTransport() {
  }

  /** Checks a configured name; the value, lower-cased. */
  static String require(String variable, String value) {
    String name = value.trim().toLowerCase(Locale.ROOT);
    if (!name.equals(AUTO) && !NAMED.containsKey(name)) {
      throw new ConfigException(variable + ": expected auto, epoll, io_uring or nio, not '" + value + "'");
    }
    return name;
  }

  /**
   * The transport for a configured name.
   *
   * @throws ConfigException when {@code epoll} or {@code io_uring} is asked for and cannot be loaded here
   */
  public static Transport resolve(String name) {
    if (name.equals(AUTO)) {
      return Transport.IO_URING.available() ? Transport.IO_URING
          : Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;
    }
    Transport transport = NAMED.get(name);
    if (!transport.available()) {
      throw new ConfigException("HITL_TRANSPORT: " + name + " is not available here ("
          + transport.unavailabilityCause() + "); use auto or nio");
    }
    return transport;
  }
}
