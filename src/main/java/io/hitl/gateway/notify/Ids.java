package io.hitl.gateway.notify;

import java.util.regex.Pattern;

/** Checks ids from paths before they reach SQL, where a malformed UUID would be a server error. */
final class Ids {

  private static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private Ids() {
  }

  /** True for the canonical textual form of a UUID. */
  static boolean isUuid(String id) {
    return id != null && UUID.matcher(id).matches();
  }
}
