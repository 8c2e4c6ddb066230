package dev.fatigueguard.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one JSON format for policies and customer preferences, used by the HTTP API, CLI files and
 * the README alike:
 *
 * <pre>{@code
 * {"tenant":"acme","defaultZone":"Europe/Berlin","overflowAction":"DELAY","maxDelay":"P2D",
 *  "exemptCategories":["TRANSACTIONAL","SECURITY"],"requiredCategories":["SECURITY"],"countExempt":false,
 *  "caps":[{"id":"daily","max":3,"period":"DAY"},
 *          {"id":"sms-gap","max":1,"window":"PT16H","channels":["SMS"]}],
 *  "quietHours":[{"id":"night","start":"21:00","end":"08:00"},
 *                {"id":"sunday","start":"00:00","end":"23:59","days":["SUNDAY"]}]}
 *
 * {"customerId":"c-42","zone":"America/New_York","overflowAction":"DROP",
 *  "snoozeUntil":"2026-12-01T00:00:00Z","caps":[...],"quietHours":[...],
 *  "optOuts":[{"channel":"SMS","category":"MARKETING"},{"channel":"PUSH"}]}
 * }</pre>
 *
 * A cap has either a rolling {@code window} or a calendar {@code period} (DAY, WEEK, MONTH). {@code
 * sendWindows} have the quiet hours' format ({@code {"id":"office","start":"09:00",
 * "end":"18:00","days":["MON","TUE","WED","THU","FRI"]}}); a policy may {@code include} named
 * {@link Presets} ({@code "include":["us-tcpa"]}). Caps, quiet hours and send windows take an
 * optional scope: {@code channels}, {@code categories}, {@code tags}, {@code campaigns} (absent =
 * all). Durations are ISO-8601 ({@code PT16H}, {@code P1D}, {@code P2W}); a top-level setting a
 * tenant policy leaves out is inherited from the {@code default} policy, then takes the format's
 * default (see {@link Policy}).
 *
 * <p>Reading always validates. Every problem, whether malformed JSON, an unknown field, a wrong
 * type, an unparsable duration, or a rule violation, comes back in one {@link
 * InvalidPolicyException} naming the field path; Jackson exceptions never leak. Writing produces
 * the same format, and reading what was written gives an equal object.
 */
public final class PolicyJson {

  private static final List<String> POLICY_FIELDS =
      List.of(
          "tenant",
          "defaultZone",
          "overflowAction",
          "maxDelay",
          "exemptCategories",
          "requiredCategories",
          "countExempt",
          "caps",
          "quietHours",
          "sendWindows",
          "include");
  private static final List<String> PREFERENCES_FIELDS =
      List.of(
          "customerId",
          "zone",
          "overflowAction",
          "snoozeUntil",
          "caps",
          "quietHours",
          "optOuts",
          "sendWindows");
  private static final List<String> CAP_FIELDS =
      List.of(
          "id",
          "max",
          "window",
          "period",
          "perCampaign",
          "channels",
          "categories",
          "tags",
          "campaigns");
  private static final List<String> QUIET_FIELDS =
      List.of("id", "start", "end", "days", "channels", "categories", "tags", "campaigns");
  private static final List<String> OPT_OUT_FIELDS = List.of("channel", "category");

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private PolicyJson() {}

  public static Policy readPolicy(String json) {
    return readPolicy(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws InvalidPolicyException listing every problem, with field paths
   */
  public static Policy readPolicy(byte[] json) {
    List<Violation> structural = new ArrayList<>();
    Policy policy = null;
    JsonNode root = parse(json, structural);
    JsonFields fields =
        root == null ? null : JsonFields.ofObject(root, "", structural, POLICY_FIELDS);
    if (fields != null) {
      policy =
          new Policy(
              fields.string("tenant"),
              fields.objects("caps", (node, path) -> readCap(node, path, structural)),
              fields.objects("quietHours", (node, path) -> readQuietHours(node, path, structural)),
              fields.zone("defaultZone"),
              fields.stringSet("exemptCategories"),
              fields.stringSet("requiredCategories"),
              fields.bool("countExempt"),
              fields.enumValue("overflowAction", Overflow.class),
              fields.duration("maxDelay"),
              fields.objects("sendWindows", (node, path) -> readSendWindow(node, path, structural)),
              include(fields.stringSet("include")));
    }
    throwIfInvalid(
        "policy", structural, policy == null ? List.of() : PolicyValidation.validate(policy));
    return policy;
  }

  public static CustomerPreferences readPreferences(String json) {
    return readPreferences(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws InvalidPolicyException listing every problem, with field paths
   */
  public static CustomerPreferences readPreferences(byte[] json) {
    List<Violation> structural = new ArrayList<>();
    CustomerPreferences preferences = null;
    JsonNode root = parse(json, structural);
    JsonFields fields =
        root == null ? null : JsonFields.ofObject(root, "", structural, PREFERENCES_FIELDS);
    if (fields != null) {
      preferences =
          new CustomerPreferences(
              fields.string("customerId"),
              fields.zone("zone"),
              fields.objects("caps", (node, path) -> readCap(node, path, structural)),
              fields.objects("quietHours", (node, path) -> readQuietHours(node, path, structural)),
              fields.objects("optOuts", (node, path) -> readOptOut(node, path, structural)),
              fields.instant("snoozeUntil"),
              fields.enumValue("overflowAction", Overflow.class),
              fields.objects(
                  "sendWindows", (node, path) -> readSendWindow(node, path, structural)));
    }
    throwIfInvalid(
        "preferences",
        structural,
        preferences == null ? List.of() : PolicyValidation.validate(preferences));
    return preferences;
  }

  public static String writePolicy(Policy policy) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("tenant", policy.tenant());
    // A setting left out stays out: written in, it would no longer be inherited.
    if (policy.defaultZone() != null) {
      root.put("defaultZone", policy.defaultZone().getId());
    }
    if (policy.overflowAction() != null) {
      root.put("overflowAction", policy.overflowAction().name());
    }
    if (policy.maxDelay() != null) {
      root.put("maxDelay", DurationText.format(policy.maxDelay()));
    }
    if (policy.exemptCategories() != null) {
      putSorted(root, "exemptCategories", policy.exemptCategories());
    }
    if (policy.requiredCategories() != null) {
      putSorted(root, "requiredCategories", policy.requiredCategories());
    }
    if (policy.countExempt() != null) {
      root.put("countExempt", policy.countExempt());
    }
    writeRules(root, policy.caps(), policy.quietHours());
    writeSendWindows(root, policy.sendWindows());
    if (!policy.include().isEmpty()) {
      ArrayNode include = root.putArray("include");
      policy.include().forEach(include::add);
    }
    return root.toString();
  }

  public static String writePreferences(CustomerPreferences preferences) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("customerId", preferences.customerId());
    if (preferences.zone() != null) {
      root.put("zone", preferences.zone().getId());
    }
    if (preferences.overflowAction() != null) {
      root.put("overflowAction", preferences.overflowAction().name());
    }
    if (preferences.snoozeUntil() != null) {
      root.put("snoozeUntil", preferences.snoozeUntil().toString());
    }
    writeRules(root, preferences.caps(), preferences.quietHours());
    writeSendWindows(root, preferences.sendWindows());
    ArrayNode optOuts = root.putArray("optOuts");
    for (OptOutRule optOut : preferences.optOuts()) {
      ObjectNode node = optOuts.addObject();
      if (optOut.channel() != null) {
        node.put("channel", optOut.channel());
      }
      if (optOut.category() != null) {
        node.put("category", optOut.category());
      }
    }
    return root.toString();
  }

  /** The same document, indented for people (CLI output, README examples). */
  public static String pretty(String json) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static JsonNode parse(byte[] json, List<Violation> violations) {
    if (json == null || json.length == 0) {
      violations.add(new Violation("$", "is empty"));
      return null;
    }
    try {
      JsonNode root = MAPPER.readTree(json);
      if (root == null || root.isMissingNode()) {
        violations.add(new Violation("$", "is empty"));
        return null;
      }
      return root;
    } catch (JsonProcessingException e) {
      violations.add(new Violation(pathOf(e), JsonSyntax.problem(e)));
      return null;
    } catch (IOException e) {
      violations.add(new Violation("$", "could not be read: " + e.getMessage()));
      return null;
    }
  }

  private static Cap readCap(JsonNode node, String path, List<Violation> violations) {
    JsonFields fields = JsonFields.ofObject(node, path, violations, CAP_FIELDS);
    if (fields == null) {
      return new Cap(null, 0, null, null, Scope.ALL);
    }
    Integer max = fields.integer("max");
    if (max == null && fields.node("max") == null) {
      violations.add(new Violation(fields.pathOf("max"), "is required"));
    }
    Boolean perCampaign = fields.bool("perCampaign");
    return new Cap(
        fields.string("id"),
        max == null ? 0 : max,
        fields.duration("window"),
        fields.enumValue("period", Period.class),
        readScope(fields),
        perCampaign != null && perCampaign);
  }

  private static QuietPeriod readQuietHours(
      JsonNode node, String path, List<Violation> violations) {
    JsonFields fields = JsonFields.ofObject(node, path, violations, QUIET_FIELDS);
    if (fields == null) {
      return new QuietPeriod(null, null, null, Set.of(), Scope.ALL);
    }
    return new QuietPeriod(
        fields.string("id"),
        fields.localTime("start"),
        fields.localTime("end"),
        fields.days("days"),
        readScope(fields));
  }

  private static SendWindow readSendWindow(JsonNode node, String path, List<Violation> violations) {
    JsonFields fields = JsonFields.ofObject(node, path, violations, QUIET_FIELDS);
    if (fields == null) {
      return new SendWindow(null, null, null, Set.of(), Scope.ALL);
    }
    return new SendWindow(
        fields.string("id"),
        fields.localTime("start"),
        fields.localTime("end"),
        fields.days("days"),
        readScope(fields));
  }

  /** In the order written; a name given twice counts once. */
  private static List<String> include(Set<String> names) {
    return names == null ? List.of() : List.copyOf(names);
  }

  private static OptOutRule readOptOut(JsonNode node, String path, List<Violation> violations) {
    JsonFields fields = JsonFields.ofObject(node, path, violations, OPT_OUT_FIELDS);
    return fields == null
        ? new OptOutRule(null, null)
        : new OptOutRule(fields.string("channel"), fields.string("category"));
  }

  private static Scope readScope(JsonFields fields) {
    return new Scope(
        fields.stringSet("channels"),
        fields.stringSet("categories"),
        fields.stringSet("tags"),
        fields.stringSet("campaigns"));
  }

  private static void writeRules(ObjectNode root, List<Cap> caps, List<QuietPeriod> quietHours) {
    ArrayNode capsNode = root.putArray("caps");
    for (Cap cap : caps) {
      ObjectNode node = capsNode.addObject();
      node.put("id", cap.id());
      node.put("max", cap.max());
      if (cap.isCalendar()) {
        node.put("period", cap.period().name());
      } else {
        node.put("window", DurationText.format(cap.window()));
      }
      if (cap.perCampaign()) {
        node.put("perCampaign", true);
      }
      writeScope(node, cap.scope());
    }
    ArrayNode quietNode = root.putArray("quietHours");
    for (QuietPeriod quiet : quietHours) {
      ObjectNode node = quietNode.addObject();
      node.put("id", quiet.id());
      node.put("start", quiet.start().toString());
      node.put("end", quiet.end().toString());
      writeDays(node, quiet.days());
      writeScope(node, quiet.scope());
    }
  }

  /** Written only when there are some, so documents without send windows read as before. */
  private static void writeSendWindows(ObjectNode root, List<SendWindow> sendWindows) {
    if (sendWindows.isEmpty()) {
      return;
    }
    ArrayNode windows = root.putArray("sendWindows");
    for (SendWindow window : sendWindows) {
      ObjectNode node = windows.addObject();
      node.put("id", window.id());
      node.put("start", window.start().toString());
      node.put("end", window.end().toString());
      writeDays(node, window.days());
      writeScope(node, window.scope());
    }
  }

  private static void writeDays(ObjectNode node, Set<DayOfWeek> days) {
    if (!days.isEmpty()) {
      ArrayNode array = node.putArray("days");
      for (DayOfWeek day : DayOfWeek.values()) {
        if (days.contains(day)) {
          array.add(day.name());
        }
      }
    }
  }

  private static void writeScope(ObjectNode node, Scope scope) {
    if (!scope.channels().isEmpty()) {
      putSorted(node, "channels", scope.channels());
    }
    if (!scope.categories().isEmpty()) {
      putSorted(node, "categories", scope.categories());
    }
    if (!scope.tags().isEmpty()) {
      putSorted(node, "tags", scope.tags());
    }
    if (!scope.campaigns().isEmpty()) {
      putSorted(node, "campaigns", scope.campaigns());
    }
  }

  private static void putSorted(ObjectNode node, String field, Collection<String> values) {
    ArrayNode array = node.putArray(field);
    new TreeSet<>(values).forEach(array::add);
  }

  /**
   * Structural problems come first; a rule violation on a field that already has a structural
   * problem (or under it) is left out, because it only restates that the field could not be read.
   */
  private static void throwIfInvalid(
      String what, List<Violation> structural, List<Violation> semantic) {
    List<Violation> all = new ArrayList<>(structural);
    for (Violation violation : semantic) {
      if (structural.stream().noneMatch(s -> covers(s.field(), violation.field()))) {
        all.add(violation);
      }
    }
    if (!all.isEmpty()) {
      throw new InvalidPolicyException(what, all);
    }
  }

  private static boolean covers(String ancestor, String field) {
    return field.equals(ancestor)
        || "$".equals(ancestor)
        || (field.startsWith(ancestor)
            && (field.charAt(ancestor.length()) == '.' || field.charAt(ancestor.length()) == '['));
  }

  private static String pathOf(JsonProcessingException e) {
    if (e.getProcessor() instanceof JsonParser parser && parser.getParsingContext() != null) {
      String pointer = parser.getParsingContext().pathAsPointer().toString();
      if (!pointer.isEmpty()) {
        return pointerToPath(pointer);
      }
    }
    return "$";
  }

  /** {@code /caps/1/window} becomes {@code caps[1].window}. */
  private static String pointerToPath(String pointer) {
    StringBuilder out = new StringBuilder();
    for (String segment : pointer.substring(1).split("/")) {
      if (!segment.isEmpty() && segment.chars().allMatch(Character::isDigit)) {
        out.append('[').append(segment).append(']');
      } else {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(segment.replace("~1", "/").replace("~0", "~"));
      }
    }
    return out.length() == 0 ? "$" : out.toString();
  }
}
