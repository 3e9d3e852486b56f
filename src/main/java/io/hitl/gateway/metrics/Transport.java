package io.hitl.gateway.metrics;

import java.util.Locale;

/** The ways a client receives events. */
public enum Transport {
  WEBSOCKET, SSE, POLL;

  /** The label value used in metrics. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
