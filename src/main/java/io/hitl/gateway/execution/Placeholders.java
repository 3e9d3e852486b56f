package io.hitl.gateway.execution;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CrewAI-style {@code {name}} placeholders in agent and task texts. */
public final class Placeholders {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private Placeholders() {
  }

  /** The names of the placeholders in {@code text}, in order of first appearance. */
  public static Set<String> names(String text) {
    Set<String> names = new LinkedHashSet<>();
    if (text != null) {
      Matcher m = PLACEHOLDER.matcher(text);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** {@code text} with each placeholder replaced by its input; unknown ones stay as written. */
  public static String render(String text, JsonObject inputs) {
    if (text == null) {
      return null;
    }
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Object value = inputs.getValue(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : String.valueOf(value)));
    }
    m.appendTail(out);
    return out.toString();
  }
}
