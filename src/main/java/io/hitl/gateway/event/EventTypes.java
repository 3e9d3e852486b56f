package io.hitl.gateway.event;

/** The event type names clients see in the {@code type} field. */
public final class EventTypes {

  /** A task paused and waits for a person (seed: HumanInputRequiredEvent). */
  public static final String HUMAN_INPUT_REQUIRED = "human_input_required";
  /** A person answered (seed: HumanInputCompletedEvent). */
  public static final String HUMAN_INPUT_COMPLETED = "human_input_completed";
  /** A runtime withdrew a pending request; nobody needs to answer it any more (gateway extension). */
  public static final String HUMAN_INPUT_CANCELLED = "human_input_cancelled";
  /** A pending request was assigned to someone else (gateway extension). */
  public static final String HUMAN_INPUT_REASSIGNED = "human_input_reassigned";
  /** Keep-alive on event streams; never stored. */
  public static final String HEARTBEAT = "heartbeat";

  private EventTypes() {
  }
}
