package dev.fatigueguard.demo;

import dev.fatigueguard.app.GuardApplication;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.publish.RecordPublisher;
import dev.fatigueguard.topology.StoreNames;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Puts the scenario's policies and preferences in front of the guard before any traffic, and waits
 * until the guard's stores hold every one, so the traffic is judged under them from its first
 * message.
 */
final class ScenarioSeeding implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private final GuardApplication guard;
  private final GracefulStop stop;
  private final RecordPublisher publisher;

  ScenarioSeeding(GuardConfig config, GuardApplication guard, GracefulStop stop) {
    this.guard = guard;
    this.stop = stop;
    this.publisher = new RecordPublisher(config);
  }

  /** False if a stop was requested before the guard held them all. */
  boolean policies(List<Policy> policies) throws InterruptedException {
    policies.forEach(publisher::publish);
    return awaitStored(
        StoreNames.POLICIES, policies.stream().map(Policy::tenant).toList(), "the policies");
  }

  /** False if a stop was requested before the guard held them all. */
  boolean preferences(List<CustomerPreferences> preferences) throws InterruptedException {
    for (CustomerPreferences p : preferences) {
      if (stop.requested()) {
        return false;
      }
      publisher.publish(p);
    }
    return awaitStored(
        StoreNames.PREFERENCES,
        preferences.stream().map(CustomerPreferences::customerId).toList(),
        "the preferences");
  }

  private boolean awaitStored(String storeName, List<String> keys, String what)
      throws InterruptedException {
    return stop.until(
        () -> {
          try {
            ReadOnlyKeyValueStore<String, Object> store =
                guard
                    .streams()
                    .store(
                        StoreQueryParameters.fromNameAndType(
                            storeName, QueryableStoreTypes.<String, Object>keyValueStore()));
            return keys.stream().allMatch(k -> store.get(k) != null);
          } catch (InvalidStateStoreException e) {
            return false; // migrating or restoring: ask again
          }
        },
        TIMEOUT,
        what + " to reach the guard");
  }

  @Override
  public void close() {
    publisher.close();
  }
}
