package dev.fatigueguard.api;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.put;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.PolicyJson;
import dev.fatigueguard.policy.Violation;
import dev.fatigueguard.publish.RecordPublisher;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * {@code /v1/me/...}: the customer's own view and controls, authenticated by the token of their
 * link (see {@link AccessControl}); the customer is always the one the token names, never one in
 * the path. Reads are answered by the instance that owns the customer (forwarded with the same
 * token, which the owner checks again); writes go through the same validation and the same topic as
 * the staff preferences API, so a change applies as soon as the guard reads it.
 */
final class MeController {

  /** What a tombstone on the preferences topic wipes (see the guard's erasure). */
  static final List<String> ERASED =
      List.of(
          "preferences",
          "contact history",
          "held messages (dropped as ERASED, never sent)",
          "recent message ids kept to drop duplicates");

  /** Duplicate keys fail here, so the body is passed on as it came and the reader names them. */
  private static final ObjectMapper STRICT =
      com.fasterxml.jackson.databind.json.JsonMapper.builder()
          .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private final OwnerRouting owners;
  private final LocalCustomerState state;
  private final RecordPublisher publisher;
  private final ObjectMapper json;
  private final Clock clock;

  MeController(
      OwnerRouting owners,
      LocalCustomerState state,
      RecordPublisher publisher,
      ObjectMapper json,
      Clock clock) {
    this.owners = owners;
    this.state = state;
    this.publisher = publisher;
    this.json = json;
    this.clock = clock;
  }

  /** Adds this resource's routes; call inside {@code RouterConfig.apiBuilder}. */
  void routes() {
    get("/v1/me/history", this::history, CustomerLinkRole.HOLDER);
    get("/v1/me/held", this::held, CustomerLinkRole.HOLDER);
    get("/v1/me/preferences", this::getPreferences, CustomerLinkRole.HOLDER);
    put("/v1/me/preferences", this::putPreferences, CustomerLinkRole.HOLDER);
    delete("/v1/me", this::erase, CustomerLinkRole.HOLDER);
  }

  void history(Context ctx) {
    String customerId = AccessControl.customerOf(ctx);
    noStore(ctx);
    owners.answer(
        ctx,
        customerId,
        partition -> state.history(owners.runningStreams(), partition, customerId, clock.millis()));
  }

  /** {@code ?zone=} (optional): the zone to tell release times in if the customer chose none. */
  void held(Context ctx) {
    String customerId = AccessControl.customerOf(ctx);
    String zoneText = ctx.queryParam("zone");
    java.time.ZoneId shownIn;
    try {
      shownIn = zoneText == null ? null : java.time.ZoneId.of(zoneText);
    } catch (java.time.DateTimeException e) {
      throw ApiError.badParameter(
          "zone", "must be an IANA time zone such as Europe/Berlin, was '" + zoneText + "'");
    }
    noStore(ctx);
    owners.answer(
        ctx,
        customerId,
        partition ->
            state.heldForCustomer(
                owners.runningStreams(), partition, customerId, shownIn, clock.millis()));
  }

  void getPreferences(Context ctx) {
    String customerId = AccessControl.customerOf(ctx);
    noStore(ctx);
    owners.answer(
        ctx,
        customerId,
        partition -> state.preferencesForCustomer(owners.runningStreams(), partition, customerId));
  }

  /**
   * The body is a preferences document; {@code customerId} may be left out (the link names the
   * customer) and, if present, must be the link's customer.
   */
  void putPreferences(Context ctx) throws IOException {
    String customerId = AccessControl.customerOf(ctx);
    noStore(ctx);
    byte[] body = RequestBody.bytes(ctx);
    JsonNode root = readTreeOrNull(body);
    if (root instanceof ObjectNode object) {
      JsonNode given = object.get("customerId");
      if (given == null || given.isNull()) {
        object.put("customerId", customerId);
        body = json.writeValueAsBytes(object);
      } else if (!given.isTextual() || !given.asText().equals(customerId)) {
        throw ApiError.badRequest(
            "the preferences must be your own",
            List.of(
                new Violation("customerId", "must be left out or be the customer of this link")));
      }
    }
    // Invalid JSON and every rule problem are reported by the same reader as the staff API's.
    CustomerPreferences prefs = PolicyJson.readPreferences(body);
    RecordMetadata written = Publication.written(() -> publisher.publish(prefs));
    ctx.status(202)
        .json(
            Publication.body(
                written,
                "customerId",
                customerId,
                json.readTree(PolicyJson.writePreferences(prefs))));
  }

  void erase(Context ctx) {
    String customerId = AccessControl.customerOf(ctx);
    noStore(ctx);
    RecordMetadata written = Publication.written(() -> publisher.erase(customerId));
    Map<String, Object> body = Publication.body(written, "customerId", customerId, null);
    body.put("erased", ERASED);
    ctx.status(202).json(body);
  }

  private JsonNode readTreeOrNull(byte[] body) {
    try {
      return body == null || body.length == 0 ? null : STRICT.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static void noStore(Context ctx) {
    ctx.header("Cache-Control", "no-store");
  }
}
