package io.hitl.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

  @Test
  void defaultsMatchTheDocumentedValues() {
    GatewayConfig config = GatewayConfig.from(Map.of());
    assertEquals(8000, config.httpPort());
    assertEquals("0.0.0.0", config.host());
    assertEquals(Optional.empty(), config.dbUrl());
    assertEquals(3, config.heartbeatSeconds());
    assertEquals(20, config.webSocketPingSeconds());
    assertEquals(1, config.dbWriteTransactions());
    assertEquals("auto", config.transport());
    assertTrue(config.apiKeys().isEmpty());
    assertEquals(1024 * 1024, config.maxBodyBytes());
    assertEquals(Runtime.getRuntime().availableProcessors(), config.eventLoops());
    assertEquals(Runtime.getRuntime().availableProcessors(), config.httpInstances());
  }

  @Test
  void readsEveryVariable() {
    GatewayConfig config = GatewayConfig.from(Map.of(
        "HITL_HTTP_PORT", "9001",
        "HITL_HOST", "127.0.0.1",
        "HITL_DB_URL", "postgresql://u:secret@db:5433/hitl",
        "HITL_API_KEYS", "key-one-123, key-two-456",
        "HITL_ALLOWED_ORIGINS", "https://a.example,https://b.example",
        "HITL_HEARTBEAT_SECONDS", "7",
        "HITL_WS_PING_SECONDS", "45",
        "HITL_EVENT_LOOPS", "3"));
    assertEquals(9001, config.httpPort());
    assertEquals("127.0.0.1", config.host());
    assertEquals(List.of("key-one-123", "key-two-456"), config.apiKeys());
    assertEquals(List.of("https://a.example", "https://b.example"), config.allowedOrigins());
    assertEquals(7, config.heartbeatSeconds());
    assertEquals(45, config.webSocketPingSeconds());
    assertEquals(3, config.eventLoops());
  }

  @Test
  void invalidValuesNameTheVariable() {
    ConfigException port = assertThrows(ConfigException.class, () -> GatewayConfig.from(Map.of("HITL_HTTP_PORT", "eighty")));
    assertTrue(port.getMessage().startsWith("HITL_HTTP_PORT:"), port.getMessage());
    ConfigException range = assertThrows(ConfigException.class, () -> GatewayConfig.from(Map.of("HITL_HTTP_PORT", "70000")));
    assertTrue(range.getMessage().startsWith("HITL_HTTP_PORT:"), range.getMessage());
    ConfigException url = assertThrows(ConfigException.class, () -> GatewayConfig.from(Map.of("HITL_DB_URL", "mysql://x")));
    assertTrue(url.getMessage().startsWith("HITL_DB_URL:"), url.getMessage());
    ConfigException heartbeat = assertThrows(ConfigException.class, () -> GatewayConfig.from(Map.of("HITL_HEARTBEAT_SECONDS", "0")));
    assertTrue(heartbeat.getMessage().startsWith("HITL_HEARTBEAT_SECONDS:"), heartbeat.getMessage());
    ConfigException loops = assertThrows(ConfigException.class, () -> GatewayConfig.from(Map.of("HITL_EVENT_LOOPS", "0")));
    assertTrue(loops.getMessage().startsWith("HITL_EVENT_LOOPS:"), loops.getMessage());
  }

  @Test
  void executionSettingsHaveDefaultsAndNameTheirVariableWhenInvalid() {
    GatewayConfig defaults = GatewayConfig.from(Map.of());
    assertEquals(Optional.empty(), defaults.crewsDir());
    assertEquals("demo", defaults.defaultCrew());
    assertEquals(30, defaults.executionLeaseSeconds());
    GatewayConfig set = GatewayConfig.from(Map.of("HITL_CREWS_DIR", "/etc/crews", "HITL_DEFAULT_CREW", "billing",
        "HITL_EXECUTION_LEASE_SECONDS", "5", "HITL_EXECUTION_CONCURRENCY", "2", "HITL_EXECUTION_POLL_MS", "50"));
    assertEquals(Optional.of(java.nio.file.Path.of("/etc/crews")), set.crewsDir());
    assertEquals("billing", set.defaultCrew());
    assertEquals(5, set.executionLeaseSeconds());
    assertEquals(2, set.executionConcurrency());
    assertEquals(50, set.executionPollMillis());
    ConfigException lease = assertThrows(ConfigException.class,
        () -> GatewayConfig.from(Map.of("HITL_EXECUTION_LEASE_SECONDS", "0")));
    assertTrue(lease.getMessage().startsWith("HITL_EXECUTION_LEASE_SECONDS:"), lease.getMessage());
  }

  @Test
  void transportIsAutoEpollIoUringOrNio() {
    assertEquals("epoll", GatewayConfig.from(Map.of("HITL_TRANSPORT", "EPOLL")).transport());
    assertEquals("io_uring", GatewayConfig.from(Map.of("HITL_TRANSPORT", "IO_URING")).transport());
    assertEquals(Transport.NIO, NetworkTransport.resolve(GatewayConfig.from(Map.of("HITL_TRANSPORT", "nio")).transport()));
    Transport auto = NetworkTransport.resolve("auto");
    assertEquals(Transport.IO_URING.available() ? Transport.IO_URING : Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO,
        auto, "auto takes io_uring where the kernel allows it, else epoll where it loads");
    ConfigException wrong = assertThrows(ConfigException.class, () -> GatewayConfig.from(Map.of("HITL_TRANSPORT", "kqueue")));
    assertTrue(wrong.getMessage().startsWith("HITL_TRANSPORT:"), wrong.getMessage());
  }

  @Test
  void epollLoadsFromTheShippedNativeLibrary() {
    assertEquals(Transport.EPOLL, NetworkTransport.resolve("epoll"),
        "the jar ships epoll for Linux x86_64 and aarch64: " + Transport.EPOLL.unavailabilityCause());
  }

  @Test
  void ioUringLoadsFromTheShippedNativeLibrary() {
    assertEquals(Transport.IO_URING, NetworkTransport.resolve("io_uring"),
        "the jar ships io_uring for Linux x86_64 and aarch64; this kernel must allow it: " + Transport.IO_URING.unavailabilityCause());
  }

  @Test
  void aShortKeyIsRefusedWithoutEchoingIt() {
    ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfig.from(Map.of("HITL_API_KEYS", "abc")));
    assertTrue(e.getMessage().startsWith("HITL_API_KEYS:"));
    assertFalse(e.getMessage().contains("abc"));
  }

  @Test
  void toStringHidesSecrets() {
    GatewayConfig config = GatewayConfig.from(Map.of(
        "HITL_DB_URL", "postgresql://u:dbsecret@db:5433/hitl",
        "HITL_API_KEYS", "super-secret-key"));
    String text = config.toString();
    assertFalse(text.contains("dbsecret"), text);
    assertFalse(text.contains("super-secret-key"), text);
    assertTrue(text.contains("u:****@db:5433"), text);
  }
}
