package dev.fatigueguard.api;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.put;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fatigueguard.avro.Channel;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.PolicyJson;
import dev.fatigueguard.publish.RecordPublisher;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * {@code /v1/customers/{id}/...}: a customer's budget and held messages (answered by the instance
 * that owns the customer), and their preferences (read there, written to the preferences topic).
 */
final class CustomerController {

  private static final Set<String> CHANNELS =
      new TreeSet<>(Arrays.stream(Channel.values()).map(Enum::name).toList());
  private static final int MAX_TAGS = 50;

  private final OwnerRouting owners;
  private final LocalCustomerState state;
  private final RecordPublisher publisher;
  private final ObjectMapper json;

  CustomerController(
      OwnerRouting owners, LocalCustomerState state, RecordPublisher publisher, ObjectMapper json) {
    this.owners = owners;
    this.state = state;
    this.publisher = publisher;
    this.json = json;
  }

  /** Adds this resource's routes; call inside {@code RouterConfig.apiBuilder}. */
  void routes() {
    get("/v1/customers/{id}/budget", this::budget, Role.READER);
    get("/v1/customers/{id}/held", this::held, Role.READER);
    get("/v1/customers/{id}/preferences", this::getPreferences, Role.PREFERENCES);
    put("/v1/customers/{id}/preferences", this::putPreferences, Role.PREFERENCES);
    delete("/v1/customers/{id}/preferences", this::erase, Role.PREFERENCES);
  }

  void budget(Context ctx) {
    String customerId = Parameters.customerId(ctx);
    String channel = ctx.queryParam("channel");
    if (channel != null && !CHANNELS.contains(channel)) {
      throw ApiError.badParameter(
          "channel", "unknown channel '" + channel + "' (known: " + CHANNELS + ")");
    }
    String category = ctx.queryParam("category");
    if (category != null && category.isBlank()) {
      throw ApiError.badParameter(
          "category", "must not be blank (leave it out to ask about no category)");
    }
    String tenant = ctx.queryParam("tenant");
    if (tenant != null && tenant.isBlank()) {
      throw ApiError.badParameter(
          "tenant", "must not be blank (leave it out for the default policy only)");
    }
    String campaignId = ctx.queryParam("campaignId");
    if (campaignId != null && campaignId.isBlank()) {
      throw ApiError.badParameter(
          "campaignId", "must not be blank (leave it out for a message without a campaign)");
    }
    Set<String> tags = new TreeSet<>();
    for (String value : ctx.queryParams("tags")) {
      for (String tag : value.split(",")) {
        if (tag.isBlank()) {
          throw ApiError.badParameter(
              "tags", "must be a comma-separated list of non-blank tags, was '" + value + "'");
        }
        tags.add(tag.trim());
      }
    }
    if (tags.size() > MAX_TAGS) {
      throw ApiError.badParameter("tags", "at most " + MAX_TAGS + " tags");
    }
    owners.answer(
        ctx,
        customerId,
        partition ->
            state.budget(
                owners.runningStreams(),
                partition,
                customerId,
                tenant,
                channel,
                category,
                tags,
                campaignId,
                System.currentTimeMillis(),
                owners.selfName()));
  }

  void held(Context ctx) {
    String customerId = Parameters.customerId(ctx);
    owners.answer(
        ctx,
        customerId,
        partition -> state.held(owners.runningStreams(), partition, customerId, owners.selfName()));
  }

  void getPreferences(Context ctx) {
    String customerId = Parameters.customerId(ctx);
    owners.answer(
        ctx,
        customerId,
        partition -> state.preferences(owners.runningStreams(), partition, customerId));
  }

  void putPreferences(Context ctx) throws IOException {
    String customerId = Parameters.customerId(ctx);
    CustomerPreferences prefs = PolicyJson.readPreferences(RequestBody.bytes(ctx));
    Parameters.requireSameAsPath("customerId", customerId, prefs.customerId());
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
    String customerId = Parameters.customerId(ctx);
    RecordMetadata written = Publication.written(() -> publisher.erase(customerId));
    ctx.status(202).json(Publication.body(written, "customerId", customerId, null));
  }
}
