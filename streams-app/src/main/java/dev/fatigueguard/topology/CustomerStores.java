package dev.fatigueguard.topology;

import dev.fatigueguard.avro.ContactPreferences;
import dev.fatigueguard.avro.state.HeldMessage;
import dev.fatigueguard.ledger.CustomerLedger;
import dev.fatigueguard.ledger.LedgerCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Everything the guard keeps per customer, behind the few operations the processors need. Keys that
 * hold a customer and a message are {@code customerId + '\0' + messageId}, so one prefix scan finds
 * all of a customer's held messages — that, and one ledger value holding contacts and recent
 * message ids, is what makes erasure complete.
 *
 * <p>One instance per task, shared by the task's guard and preferences processors ({@link
 * TaskCustomerStores}), so that it is the only writer of the ledger and preferences stores while
 * the task runs. That is what lets it keep the recently used customers' ledgers decoded and their
 * preferences (or their absence) in memory, written through to the stores: every write goes through
 * here, so the memory never disagrees with the store. It is dropped with the task, whose stores may
 * be rewound (an aborted transaction, a restore) before it runs again.
 */
public final class CustomerStores {

  private static final StringSerializer STRING = new StringSerializer();

  /** Cached for customers who have no preferences, the most common case. */
  private static final ContactPreferences NONE = new ContactPreferences();

  private final KeyValueStore<String, ContactPreferences> preferences;
  private final KeyValueStore<String, byte[]> ledgers;
  private final KeyValueStore<String, HeldMessage> held;
  private final KeyValueStore<Bytes, byte[]> schedule;

  private final RecentlyUsed<CustomerLedger> ledgerCache;
  private final RecentlyUsed<ContactPreferences> preferencesCache;

  /**
   * @param cachedCustomers how many customers' decoded ledgers and preferences to keep in memory
   *     (0: none, every access reads the store)
   */
  CustomerStores(ProcessorContext<?, ?> context, int cachedCustomers) {
    this.preferences = context.getStateStore(StoreNames.PREFERENCES);
    this.ledgers = context.getStateStore(StoreNames.LEDGER);
    this.held = context.getStateStore(StoreNames.HELD);
    this.schedule = context.getStateStore(StoreNames.HELD_SCHEDULE);
    this.ledgerCache = new RecentlyUsed<>(cachedCustomers);
    this.preferencesCache = new RecentlyUsed<>(cachedCustomers);
  }

  static String customerMessageKey(String customerId, String messageId) {
    return customerId + '\u0000' + messageId;
  }

  private static String customerPrefix(String customerId) {
    return customerId + '\u0000';
  }

  /** The held message's input bytes, as the sender wrote them. */
  public static byte[] wireValue(HeldMessage message) {
    byte[] wire = new byte[message.getWireValue().remaining()];
    message.getWireValue().duplicate().get(wire);
    return wire;
  }

  /** The customer's preferences, or null if they set none. */
  ContactPreferences preferences(String customerId) {
    ContactPreferences cached = preferencesCache.get(customerId);
    if (cached == null) {
      ContactPreferences stored = preferences.get(customerId);
      cached = stored == null ? NONE : stored;
      preferencesCache.put(customerId, cached);
    }
    return cached == NONE ? null : cached;
  }

  void putPreferences(String customerId, ContactPreferences value) {
    preferences.put(customerId, value);
    preferencesCache.put(customerId, value);
  }

  /**
   * The customer's contacts and recently seen message ids: one read serves the caps and the dedup
   * check. The caller changes it in place and must {@link #saveLedger save} it, or {@link #forget}
   * it if it cannot.
   */
  CustomerLedger ledger(String customerId) {
    CustomerLedger cached = ledgerCache.get(customerId);
    if (cached != null) {
      return cached;
    }
    byte[] bytes = ledgers.get(customerId);
    CustomerLedger ledger =
        bytes == null ? new CustomerLedger() : LedgerCodec.decodeCustomer(bytes);
    ledgerCache.put(customerId, ledger);
    return ledger;
  }

  void saveLedger(String customerId, CustomerLedger ledger) {
    if (ledger.isEmpty()) {
      ledgers.delete(customerId);
    } else {
      ledgers.put(customerId, LedgerCodec.encode(ledger));
    }
    ledgerCache.put(customerId, ledger);
  }

  /**
   * Drops what is kept in memory for the customer, so the next access reads the stores: for a
   * ledger that was changed and then not saved.
   */
  void forget(String customerId) {
    ledgerCache.remove(customerId);
    preferencesCache.remove(customerId);
  }

  /** Drops everything kept in memory; the stores stay as they are. */
  void forgetAll() {
    ledgerCache.clear();
    preferencesCache.clear();
  }

  void hold(HeldMessage message) {
    held.put(customerMessageKey(message.getCustomerId(), message.getMessageId()), message);
    // The index entry carries heldSince, so the held backlog and its oldest entry can be measured
    // from this small store without decoding a single held message (DecisionMetricsProcessor).
    schedule.put(scheduleKey(message), heldSinceValue(message.getHeldSince().toEpochMilli()));
  }

  /** The release-schedule value: when the message was first held, 8 bytes big-endian. */
  static byte[] heldSinceValue(long heldSince) {
    return ByteBuffer.allocate(Long.BYTES).putLong(heldSince).array();
  }

  /**
   * When the message behind a release-schedule entry was first held, or -1 if the entry predates
   * the index carrying it (it then holds no value).
   */
  static long heldSinceOf(byte[] scheduleValue) {
    return scheduleValue != null && scheduleValue.length == Long.BYTES
        ? ByteBuffer.wrap(scheduleValue).getLong()
        : -1;
  }

  /** The held-messages key of a release-schedule key. */
  static String heldKeyOf(Bytes scheduleKey) {
    byte[] key = scheduleKey.get();
    return new String(key, Long.BYTES, key.length - Long.BYTES, StandardCharsets.UTF_8);
  }

  /**
   * Moves a held message to a new release time (the old schedule entry must go, or it would fire
   * twice).
   */
  void reschedule(HeldMessage message, long newReleaseAt) {
    schedule.delete(scheduleKey(message));
    message.setReleaseAt(java.time.Instant.ofEpochMilli(newReleaseAt));
    hold(message);
  }

  void unhold(HeldMessage message) {
    schedule.delete(scheduleKey(message));
    held.delete(customerMessageKey(message.getCustomerId(), message.getMessageId()));
  }

  List<HeldMessage> heldFor(String customerId) {
    List<HeldMessage> out = new ArrayList<>();
    try (KeyValueIterator<String, HeldMessage> it =
        held.prefixScan(customerPrefix(customerId), STRING)) {
      it.forEachRemaining(kv -> out.add(kv.value));
    }
    return out;
  }

  /**
   * Customers with at least one held message due at {@code now}, oldest due first, at most {@code
   * limit} entries looked at.
   */
  Set<String> customersDue(long now, int limit) {
    Set<String> customers = new LinkedHashSet<>();
    Bytes from = Bytes.wrap(new byte[Long.BYTES]);
    Bytes to =
        Bytes.wrap(ByteBuffer.allocate(Long.BYTES + 1).putLong(now).put((byte) 0xFF).array());
    int seen = 0;
    try (KeyValueIterator<Bytes, byte[]> it = schedule.range(from, to)) {
      while (it.hasNext() && seen < limit) {
        KeyValue<Bytes, byte[]> kv = it.next();
        byte[] key = kv.key.get();
        if (ByteBuffer.wrap(key, 0, Long.BYTES).getLong() > now) {
          break;
        }
        String heldKey = heldKeyOf(kv.key);
        customers.add(heldKey.substring(0, heldKey.indexOf('\u0000')));
        seen++;
      }
    }
    return customers;
  }

  /** Wipes every trace of the customer and returns the held messages that were dropped by it. */
  List<HeldMessage> erase(String customerId) {
    List<HeldMessage> dropped = heldFor(customerId);
    dropped.forEach(this::unhold);
    ledgers.delete(customerId); // contacts and recently seen message ids
    preferences.delete(customerId);
    forget(customerId);
    return dropped;
  }

  /**
   * Signed big-endian longs sort wrongly as bytes for negative values; release times are always
   * after 1970, so plain big-endian keeps RocksDB's byte order equal to time order.
   */
  private static Bytes scheduleKey(HeldMessage m) {
    byte[] id =
        customerMessageKey(m.getCustomerId(), m.getMessageId()).getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(
        ByteBuffer.allocate(Long.BYTES + id.length)
            .putLong(m.getReleaseAt().toEpochMilli())
            .put(id)
            .array());
  }
}
