package dev.fatigueguard.api;

import static io.javalin.apibuilder.ApiBuilder.get;

import dev.fatigueguard.topology.StoreNames;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * {@code /health/live} and {@code /health/ready}, open to every caller: liveness says whether the
 * Streams client is in a state it can recover from by itself, readiness whether it is RUNNING with
 * queryable stores.
 */
final class HealthController {

  private final OwnerRouting owners;

  HealthController(OwnerRouting owners) {
    this.owners = owners;
  }

  /** Adds this resource's routes; call inside {@code RouterConfig.apiBuilder}. */
  void routes() {
    get("/health/live", this::live);
    get("/health/ready", this::ready);
  }

  void live(Context ctx) {
    KafkaStreams s = owners.streamsAnyState();
    KafkaStreams.State st = s == null ? KafkaStreams.State.CREATED : s.state();
    boolean alive =
        st != KafkaStreams.State.ERROR
            && st != KafkaStreams.State.PENDING_ERROR
            && st != KafkaStreams.State.NOT_RUNNING
            && st != KafkaStreams.State.PENDING_SHUTDOWN;
    ctx.status(alive ? 200 : 503).json(Map.of("status", alive ? "UP" : "DOWN", "state", st.name()));
  }

  void ready(Context ctx) {
    KafkaStreams s = owners.streamsAnyState();
    String problem = null;
    if (s == null || s.state() != KafkaStreams.State.RUNNING) {
      problem = "streams state is " + (s == null ? "CREATED" : s.state().name());
    } else {
      try {
        s.store(
                StoreQueryParameters.fromNameAndType(
                    StoreNames.POLICIES, QueryableStoreTypes.keyValueStore()))
            .approximateNumEntries();
      } catch (InvalidStateStoreException e) {
        problem = "stores not queryable: " + e.getMessage();
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", problem == null ? "READY" : "NOT_READY");
    body.put("state", s == null ? "CREATED" : s.state().name());
    if (problem != null) {
      body.put("reason", problem);
      ctx.header("Retry-After", "2");
    }
    ctx.status(problem == null ? 200 : 503).json(body);
  }
}
