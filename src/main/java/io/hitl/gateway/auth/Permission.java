package io.hitl.gateway.auth;

/** What a principal may do with human-feedback requests (seed 001, "Security &amp; RBAC"). */
public enum Permission {
  /** Configure settings, routing rules and webhooks; see and answer every request. */
  MANAGE_HUMAN_FEEDBACK("manage_human_feedback"),
  /** Answer and see only the requests assigned to the principal's email. */
  RESPOND_TO_HUMAN_FEEDBACK("respond_to_human_feedback");

  private final String label;

  Permission(String label) {
    this.label = label;
  }

  /** The name used in tokens, configuration and the API. */
  public String label() {
    return label;
  }

  /** The permission with this label, or null. */
  public static Permission fromLabel(String label) {
    for (Permission p : values()) {
      if (p.label.equals(label)) {
        return p;
      }
    }
    return null;
  }
}
