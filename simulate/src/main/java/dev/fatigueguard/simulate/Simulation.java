package dev.fatigueguard.simulate;

import dev.fatigueguard.avro.ContactDecision;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;

/** One what-if run: a history replayed under one set of rules, summarised and optionally logged. */
public final class Simulation {

  private Simulation() {}

  /**
   * @param decisions where to write one JSON line per decision event, or null for none
   */
  public static Scenario run(String name, History history, ReplayRules rules, Path decisions) {
    Instant start =
        history.messages().isEmpty() ? Instant.EPOCH : history.messages().get(0).getCreatedAt();
    SummaryCollector summary = new SummaryCollector(history);
    try (Replay replay = new Replay(rules, start);
        DecisionLines lines = decisions == null ? null : new DecisionLines(decisions)) {
      Consumer<ContactDecision> sink = lines == null ? summary : summary.andThen(lines);
      long heldAtEnd = replay.run(history, sink);
      return new Scenario(name, summary.finish(heldAtEnd));
    }
  }
}
