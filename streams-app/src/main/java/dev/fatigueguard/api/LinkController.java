package dev.fatigueguard.api;

import static io.javalin.apibuilder.ApiBuilder.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fatigueguard.policy.DurationText;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /v1/customers/{id}/links}: issues a link to one customer's preference centre. The
 * link's token is signed, not stored, so any instance issues it and any instance accepts it.
 */
final class LinkController {

  static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);
  static final Duration SHORTEST_VALIDITY = Duration.ofMinutes(5);
  static final Duration LONGEST_VALIDITY = Duration.ofDays(90);

  private final CustomerLinks links;
  private final String publicUrl;
  private final ObjectMapper json;
  private final Clock clock;

  LinkController(CustomerLinks links, String publicUrl, ObjectMapper json, Clock clock) {
    this.links = links;
    this.publicUrl = publicUrl == null ? "" : publicUrl.trim();
    this.json = json;
    this.clock = clock;
  }

  /** Adds this resource's routes; call inside {@code RouterConfig.apiBuilder}. */
  void routes() {
    post("/v1/customers/{id}/links", this::issue, Role.ADMIN, Role.PREFERENCES);
  }

  void issue(Context ctx) throws IOException {
    String customerId = Parameters.customerId(ctx);
    if (!links.enabled()) {
      throw ApiError.notConfigured(
          "customer links are off: set guard.preference-centre.secret (the same on every"
              + " instance)");
    }
    Duration validity = validity(RequestBody.text(ctx));
    Instant expiresAt =
        clock.instant().plus(validity).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String base = publicUrl.isEmpty() ? ctx.scheme() + "://" + ctx.host() : publicUrl;
    String url = links.url(base, customerId, expiresAt);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("customerId", customerId);
    body.put("url", url);
    body.put("token", url.substring(url.indexOf("#token=") + 7));
    body.put("expiresAt", expiresAt.toString());
    ctx.status(201).header("Cache-Control", "no-store").json(body);
  }

  private Duration validity(String body) throws IOException {
    if (body == null || body.isBlank()) {
      return DEFAULT_VALIDITY;
    }
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (IOException e) {
      throw ApiError.badParameter("$", "is not valid JSON");
    }
    if (!root.isObject()) {
      throw ApiError.badParameter("$", "must be an object such as {\"expiresIn\":\"P7D\"}");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("expiresIn")) {
        throw ApiError.badParameter(name, "unknown field (known: expiresIn)");
      }
    }
    JsonNode expiresIn = root.get("expiresIn");
    if (expiresIn == null || expiresIn.isNull()) {
      return DEFAULT_VALIDITY;
    }
    if (!expiresIn.isTextual()) {
      throw ApiError.badParameter("expiresIn", "must be an ISO-8601 duration such as P7D");
    }
    Duration validity;
    try {
      validity = DurationText.parse(expiresIn.asText());
    } catch (DateTimeParseException e) {
      throw ApiError.badParameter(
          "expiresIn",
          "must be an ISO-8601 duration such as P7D, was '" + expiresIn.asText() + "'");
    }
    if (validity.compareTo(SHORTEST_VALIDITY) < 0 || validity.compareTo(LONGEST_VALIDITY) > 0) {
      throw ApiError.badParameter(
          "expiresIn",
          "must be between "
              + DurationText.format(SHORTEST_VALIDITY)
              + " and "
              + DurationText.format(LONGEST_VALIDITY)
              + ", was "
              + expiresIn.asText());
    }
    return validity;
  }
}
