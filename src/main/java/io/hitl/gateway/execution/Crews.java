package io.hitl.gateway.execution;

import io.hitl.gateway.config.ConfigException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The crews a gateway hosts, by name, and the default crew the bare paths address. */
public final class Crews {

  private final Map<String, CrewDefinition> byName;
  private final CrewDefinition defaultCrew;

  private Crews(Map<String, CrewDefinition> byName, CrewDefinition defaultCrew) {
    this.byName = byName;
    this.defaultCrew = defaultCrew;
  }

  /**
   * The demo crew plus the crews of the directory (one of which may replace the demo by naming
   * its file {@code demo.yaml}).
   *
   * @param defaultCrew the name of the crew behind {@code /kickoff} etc.
   * @throws ConfigException on duplicate names or an unknown default
   */
  public static Crews of(CrewDefinition demo, List<CrewDefinition> fromDirectory, String defaultCrew) {
    Map<String, CrewDefinition> byName = new LinkedHashMap<>();
    byName.put(demo.name(), demo);
    for (CrewDefinition crew : fromDirectory) {
      byName.put(crew.name(), crew);
    }
    CrewDefinition fallback = byName.get(defaultCrew);
    if (fallback == null) {
      throw new ConfigException("HITL_DEFAULT_CREW: no crew named '" + defaultCrew + "'; crews: " + byName.keySet());
    }
    return new Crews(Collections.unmodifiableMap(byName), fallback);
  }

  /** The crew behind the bare paths. */
  public CrewDefinition defaultCrew() {
    return defaultCrew;
  }

  /** A crew by name. */
  public Optional<CrewDefinition> byName(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** All crew names. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }
}
