package dev.fatigueguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.InvalidPolicyException;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.policy.PolicyJson;
import dev.fatigueguard.policy.Violation;
import dev.fatigueguard.topology.ModelMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the policy and preferences files of a replay and of `policy validate`, in {@link
 * PolicyJson}'s format.
 *
 * <ul>
 *   <li>A policy file holds one policy object, or an array of them (the {@code default} platform
 *       policy and any tenants' policies).
 *   <li>A preferences file holds a JSON array of preference objects (if it starts with {@code [}),
 *       JSON Lines (if its first line is a whole object), or else one object over any number of
 *       lines.
 * </ul>
 *
 * Any invalid document stops the replay: a what-if answer under rules other than the ones asked for
 * would be worse than none. The error names the file, the document, the rule and the field.
 */
public final class RuleFiles {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern RULE_FIELD =
      Pattern.compile("^(caps|quietHours|sendWindows)\\[(\\d+)]");

  private RuleFiles() {}

  /**
   * @throws InvalidPolicyException naming file, policy, rule and field
   */
  public static List<Policy> readPolicies(Path file) {
    byte[] bytes = bytes(file);
    List<Policy> policies = new ArrayList<>();
    if (!startsWithArray(bytes)) {
      policies.add(policy(bytes, file + ""));
    } else {
      // Every policy is checked before giving up, so one run names every problem in the file.
      JsonNode array = tree(bytes, "policy file " + file);
      List<Violation> violations = new ArrayList<>();
      for (int i = 0; i < array.size(); i++) {
        JsonNode node = array.get(i);
        String where =
            "["
                + i
                + "]"
                + (node.hasNonNull("tenant")
                    ? " tenant '" + node.get("tenant").asText() + "'"
                    : "");
        try {
          policies.add(
              policy(node.toString().getBytes(StandardCharsets.UTF_8), file + " " + where));
        } catch (InvalidPolicyException e) {
          e.violations()
              .forEach(v -> violations.add(new Violation(where + " " + v.field(), v.problem())));
        }
      }
      if (!violations.isEmpty()) {
        throw new InvalidPolicyException("policy file " + file, violations);
      }
    }
    Set<String> tenants = new HashSet<>();
    for (Policy p : policies) {
      if (!tenants.add(p.tenant())) {
        throw new InvalidPolicyException(
            "policy file " + file,
            List.of(
                new Violation(
                    "tenant", "'" + p.tenant() + "' appears twice; one policy per tenant")));
      }
    }
    return policies;
  }

  /**
   * Every document is checked before giving up, so one run names every problem in the file; a
   * customer may appear once (two documents for one customer would leave which one counts to the
   * order of the file).
   *
   * @throws InvalidPolicyException naming file, line (or array index), rule and field
   */
  public static List<CustomerPreferences> readPreferences(Path file) {
    byte[] bytes = bytes(file);
    List<String> documents = new ArrayList<>();
    List<String> places = new ArrayList<>();
    if (startsWithArray(bytes)) {
      JsonNode array = tree(bytes, "preferences file " + file);
      for (int i = 0; i < array.size(); i++) {
        documents.add(array.get(i).toString());
        places.add("[" + i + "]");
      }
    } else {
      String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n");
      if (isOneJsonObject(firstNonBlank(lines))) {
        for (int i = 0; i < lines.length; i++) {
          if (!lines[i].isBlank()) {
            documents.add(lines[i]);
            places.add("line " + (i + 1));
          }
        }
      } else {
        // One document over several lines (as people write one customer's file by hand).
        documents.add(new String(bytes, StandardCharsets.UTF_8));
        places.add("");
      }
    }
    List<CustomerPreferences> out = new ArrayList<>();
    List<Violation> violations = new ArrayList<>();
    Map<String, String> placeOfCustomer = new HashMap<>();
    for (int i = 0; i < documents.size(); i++) {
      String where = places.get(i);
      try {
        CustomerPreferences prefs =
            preferences(documents.get(i), where.isEmpty() ? file + "" : file + " " + where);
        String earlier = placeOfCustomer.putIfAbsent(prefs.customerId(), where);
        if (earlier != null) {
          violations.add(
              new Violation(
                  where + " customerId",
                  "'"
                      + prefs.customerId()
                      + "' appears twice (also "
                      + earlier
                      + "); one preferences document per customer"));
        }
        out.add(prefs);
      } catch (InvalidPolicyException e) {
        e.violations()
            .forEach(
                v ->
                    violations.add(
                        new Violation(
                            where.isEmpty() ? v.field() : where + " " + v.field(), v.problem())));
      }
    }
    if (!violations.isEmpty()) {
      throw new InvalidPolicyException("preferences file " + file, violations);
    }
    return out;
  }

  private static Policy policy(byte[] json, String where) {
    try {
      Policy policy = PolicyJson.readPolicy(json);
      ModelMapping.toAvro(
          policy); // rejects channels the Avro schema (and so the topology) does not know
      return policy;
    } catch (InvalidPolicyException e) {
      throw new InvalidPolicyException("policy in " + where, namingRules(e.violations(), json));
    }
  }

  private static CustomerPreferences preferences(String json, String where) {
    try {
      CustomerPreferences prefs = PolicyJson.readPreferences(json);
      ModelMapping.toAvro(prefs);
      return prefs;
    } catch (InvalidPolicyException e) {
      throw new InvalidPolicyException(
          "preferences in " + where,
          namingRules(e.violations(), json.getBytes(StandardCharsets.UTF_8)));
    }
  }

  /**
   * {@code caps[1].window} becomes {@code caps[1] (rule 'sms-gap').window}: people know rules by
   * id.
   */
  private static List<Violation> namingRules(List<Violation> violations, byte[] json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (IOException e) {
      return violations;
    }
    List<Violation> named = new ArrayList<>();
    for (Violation v : violations) {
      Matcher m = RULE_FIELD.matcher(v.field());
      JsonNode id =
          m.find() ? root.path(m.group(1)).path(Integer.parseInt(m.group(2))).path("id") : null;
      named.add(
          id == null || !id.isTextual()
              ? v
              : new Violation(
                  m.group() + " (rule '" + id.asText() + "')" + v.field().substring(m.end()),
                  v.problem()));
    }
    return named;
  }

  private static String firstNonBlank(String[] lines) {
    for (String line : lines) {
      if (!line.isBlank()) {
        return line;
      }
    }
    return "";
  }

  /**
   * Whether the line holds one whole JSON object and nothing after it, as each line of a JSON Lines
   * file does (and the first line of an object written over several lines does not).
   */
  private static boolean isOneJsonObject(String line) {
    try {
      return !line.isBlank()
          && MAPPER
              .readerFor(JsonNode.class)
              .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
              .<JsonNode>readValue(line)
              .isObject();
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  private static boolean startsWithArray(byte[] bytes) {
    for (byte b : bytes) {
      if (!Character.isWhitespace(b)) {
        return b == '[';
      }
    }
    return false;
  }

  private static JsonNode tree(byte[] bytes, String what) {
    try {
      return MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new InvalidPolicyException(
          what,
          List.of(
              new Violation(
                  "$",
                  "is not valid JSON: "
                      + e.getOriginalMessage()
                      + (e.getLocation() == null
                          ? ""
                          : " (line " + e.getLocation().getLineNr() + ")"))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + FileProblem.reason(e), e);
    }
  }
}
