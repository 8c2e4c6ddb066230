package dev.fatigueguard.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.ledger.CustomerLedger;
import dev.fatigueguard.ledger.LedgerCodec;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The customer memory written through to the stores: whatever is saved, the store holds it, and the
 * next read returns what was saved, from memory or not. In-memory stores on a mock context; the
 * memory's size is what the tests vary.
 */
class CustomerStoresTest {

  private static final long T = 1_764_000_000_000L;

  private MockProcessorContext<String, Routed> context;
  private KeyValueStore<String, byte[]> ledgers;

  @BeforeEach
  void stores() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "customer-stores-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    context = new MockProcessorContext<>(props);
    GuardSerdes serdes =
        new GuardSerdes(
            Map.of(GuardConfig.SCHEMA_REGISTRY_URL, "mock://customer-stores-" + UUID.randomUUID()));
    ledgers = add(StoreNames.LEDGER, Serdes.String(), Serdes.ByteArray());
    add(StoreNames.PREFERENCES, Serdes.String(), serdes.preferences);
    add(StoreNames.HELD, Serdes.String(), serdes.held);
    add(StoreNames.HELD_SCHEDULE, Serdes.Bytes(), Serdes.ByteArray());
  }

  private <K, V> KeyValueStore<K, V> add(String name, Serde<K> keys, Serde<V> values) {
    KeyValueStore<K, V> store =
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values)
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return store;
  }

  @Test
  void theLedgerHandedOutAndChangedInPlaceIsWhatTheStoreAndTheNextReadHold() {
    CustomerStores stores = new CustomerStores(context, 10);

    CustomerLedger lent = stores.ledger("c1");
    lent.recentIds().add("m1", T);
    stores.saveLedger("c1", lent);

    assertThat(stores.ledger("c1")).isSameAs(lent);
    assertThat(LedgerCodec.decodeCustomer(ledgers.get("c1")).recentIds().seenAfter("m1", T - 1))
        .isTrue();
  }

  @Test
  void savingALedgerOtherThanTheOneInMemoryReplacesIt() {
    CustomerStores stores = new CustomerStores(context, 10);
    CustomerLedger older = stores.ledger("c1");
    stores.forget("c1");
    CustomerLedger inMemory = stores.ledger("c1");

    older.recentIds().add("m1", T);
    stores.saveLedger("c1", older);

    assertThat(inMemory).isNotSameAs(older);
    assertThat(stores.ledger("c1"))
        .as("the memory must not disagree with the store")
        .isSameAs(older);
  }

  @Test
  void aLedgerSavedAfterItWasEvictedIsReadBackFromTheStore() {
    CustomerStores stores = new CustomerStores(context, 1);
    CustomerLedger first = stores.ledger("c1");
    first.recentIds().add("m1", T);
    stores.ledger("c2"); // evicts c1 from a memory of one

    stores.saveLedger("c1", first);

    CustomerLedger again = stores.ledger("c1");
    assertThat(again.recentIds().seenAfter("m1", T - 1)).isTrue();
  }

  @Test
  void withoutMemoryEveryReadDecodesWhatWasSaved() {
    CustomerStores stores = new CustomerStores(context, 0);
    CustomerLedger lent = stores.ledger("c1");
    lent.recentIds().add("m1", T);
    stores.saveLedger("c1", lent);

    CustomerLedger again = stores.ledger("c1");

    assertThat(again).isNotSameAs(lent);
    assertThat(again.recentIds().seenAfter("m1", T - 1)).isTrue();
  }

  @Test
  void anErasedCustomerIsNotAnsweredFromMemory() {
    CustomerStores stores = new CustomerStores(context, 10);
    CustomerLedger lent = stores.ledger("c1");
    lent.recentIds().add("m1", T);
    stores.saveLedger("c1", lent);

    stores.erase("c1");

    assertThat(stores.ledger("c1").recentIds().seenAfter("m1", T - 1)).isFalse();
    assertThat(ledgers.get("c1")).isNull();
  }
}
