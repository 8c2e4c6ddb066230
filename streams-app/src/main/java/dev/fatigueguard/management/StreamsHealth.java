package dev.fatigueguard.management;

import dev.fatigueguard.topology.StoreNames;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * What the probes say about this instance.
 *
 * <p><b>Live</b> while the Streams client can still make progress on its own: every state but
 * {@code PENDING_ERROR}, {@code ERROR}, {@code PENDING_SHUTDOWN} and {@code NOT_RUNNING}. A
 * restore, however long, is progress, so a long restore never gets the pod restarted.
 *
 * <p><b>Ready</b> once the instance has reached {@code RUNNING} (its first restore is done) and the
 * global policy store is queryable, and it stays ready through later rebalances. A rebalance is
 * group-wide: dropping readiness on it would take every instance out of the Service at once, and a
 * caller would get connection errors instead of the API's 503 with {@code Retry-After}; with
 * cooperative rebalancing most tasks keep processing meanwhile. Readiness drops again when the
 * client fails or shuts down.
 */
public final class StreamsHealth {

  /** What the probes ask of the Streams client: its state, and whether its stores answer. */
  interface Client {
    KafkaStreams.State state();

    /** Throws {@link InvalidStateStoreException} when the global policy store is not queryable. */
    void queryPolicyStore();
  }

  private volatile Client client;
  private volatile boolean hasRun;

  /** Connects the probes to the Streams client; until then the instance is live but not ready. */
  public void attach(KafkaStreams streams) {
    attach(
        new Client() {
          @Override
          public KafkaStreams.State state() {
            return streams.state();
          }

          @Override
          public void queryPolicyStore() {
            streams
                .store(
                    StoreQueryParameters.fromNameAndType(
                        StoreNames.POLICIES, QueryableStoreTypes.keyValueStore()))
                .approximateNumEntries();
          }
        });
  }

  void attach(Client client) {
    this.client = client;
  }

  /** The Streams client's state; CREATED before one is attached. */
  public KafkaStreams.State state() {
    Client c = client;
    return c == null ? KafkaStreams.State.CREATED : c.state();
  }

  /** One probe answer: whether it passes, and a body that says why. */
  public record Answer(boolean up, Map<String, Object> body) {}

  public Answer live() {
    KafkaStreams.State st = state();
    boolean alive =
        st != KafkaStreams.State.ERROR
            && st != KafkaStreams.State.PENDING_ERROR
            && st != KafkaStreams.State.NOT_RUNNING
            && st != KafkaStreams.State.PENDING_SHUTDOWN;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", alive ? "UP" : "DOWN");
    body.put("state", st.name());
    return new Answer(alive, body);
  }

  public Answer ready() {
    Client c = client;
    KafkaStreams.State st = state();
    if (st == KafkaStreams.State.RUNNING) {
      hasRun = true;
    }
    String problem = null;
    if (c == null || !(st == KafkaStreams.State.RUNNING || st == KafkaStreams.State.REBALANCING)) {
      problem = "streams state is " + st.name();
    } else if (!hasRun) {
      problem = "first rebalance and state restore not finished (state " + st.name() + ")";
    } else {
      try {
        c.queryPolicyStore();
      } catch (InvalidStateStoreException e) {
        problem = "policy store not queryable: " + e.getMessage();
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", problem == null ? "READY" : "NOT_READY");
    body.put("state", st.name());
    if (problem != null) {
      body.put("reason", problem);
    }
    return new Answer(problem == null, body);
  }
}
