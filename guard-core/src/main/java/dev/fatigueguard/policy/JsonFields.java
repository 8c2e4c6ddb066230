package dev.fatigueguard.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Reads the fields of one JSON object of a policy document into Java values, recording a {@link
 * Violation} with the field's path for every problem instead of throwing at the first. A field that
 * cannot be read yields {@code null}, and the caller builds the model anyway so that {@link
 * PolicyValidation} can report the remaining problems in the same pass.
 */
final class JsonFields {

  private final JsonNode object;
  private final String path;
  private final List<Violation> violations;

  private JsonFields(JsonNode object, String path, List<Violation> violations) {
    this.object = object;
    this.path = path;
    this.violations = violations;
  }

  /**
   * @return the reader, or {@code null} (with a violation) if {@code node} is not an object
   */
  static JsonFields ofObject(
      JsonNode node, String path, List<Violation> violations, List<String> knownFields) {
    if (node == null || !node.isObject()) {
      violations.add(
          new Violation(
              path.isEmpty() ? "$" : path, "must be a JSON object, was " + describe(node)));
      return null;
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!knownFields.contains(name)) {
        violations.add(
            new Violation(
                child(path, name),
                "unknown field (expected one of: " + String.join(", ", knownFields) + ")"));
      }
    }
    return new JsonFields(node, path, violations);
  }

  String pathOf(String field) {
    return child(path, field);
  }

  /** The field's node, or {@code null} when it is absent or JSON null (both mean "not set"). */
  JsonNode node(String field) {
    JsonNode value = object.get(field);
    return value == null || value.isNull() ? null : value;
  }

  String string(String field) {
    JsonNode value = node(field);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      violations.add(new Violation(pathOf(field), "must be a string, was " + describe(value)));
      return null;
    }
    if (value.textValue().length() > MAX_TEXT_LENGTH) {
      violations.add(new Violation(pathOf(field), tooLong(value.textValue())));
      return null;
    }
    return value.textValue();
  }

  /**
   * Every text in a policy or preferences is an id, a name or a value of a few dozen characters;
   * the bounds keep one document from costing every message of its customer (or, for a policy,
   * every message) a scan of thousands of rules or a copy of megabytes of text.
   */
  static final int MAX_TEXT_LENGTH = 256;

  /** Rules (caps, quiet hours, send windows, opt-outs) in one document. */
  static final int MAX_RULES = 100;

  /** Values in one list (channels, categories, tags, campaigns). */
  static final int MAX_LIST_VALUES = 1000;

  private static String tooLong(String text) {
    return "must be at most " + MAX_TEXT_LENGTH + " characters, was " + text.length();
  }

  private boolean tooMany(String field, JsonNode array, int max, String what) {
    if (array.size() <= max) {
      return false;
    }
    violations.add(
        new Violation(
            pathOf(field), "must have at most " + max + " " + what + ", had " + array.size()));
    return true;
  }

  Integer integer(String field) {
    JsonNode value = node(field);
    if (value == null) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      violations.add(
          new Violation(pathOf(field), "must be a whole number, was " + describe(value)));
      return null;
    }
    return value.intValue();
  }

  Boolean bool(String field) {
    JsonNode value = node(field);
    if (value == null) {
      return null;
    }
    if (!value.isBoolean()) {
      violations.add(new Violation(pathOf(field), "must be true or false, was " + describe(value)));
      return null;
    }
    return value.booleanValue();
  }

  Duration duration(String field) {
    return parsed(field, "an ISO-8601 duration such as P1D, PT16H or P2W", DurationText::parse);
  }

  LocalTime localTime(String field) {
    return parsed(field, "a local time HH:mm such as 21:00", LocalTime::parse);
  }

  ZoneId zone(String field) {
    JsonNode value = node(field);
    if (value == null) {
      return null;
    }
    String text = string(field);
    if (text == null) {
      return null;
    }
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      violations.add(
          new Violation(
              pathOf(field),
              "unknown time zone '" + text + "' (use an IANA name such as Europe/Berlin)"));
      return null;
    }
  }

  /**
   * Instants are stored as Avro timestamp-millis, which java.time's range far exceeds: one outside
   * years 0001–9999 would pass validation and then fail to serialize, so it is refused here.
   */
  Instant instant(String field) {
    return parsed(
        field,
        "an ISO-8601 instant between years 0001 and 9999 such as 2026-12-01T00:00:00Z",
        text -> {
          Instant instant =
              text.endsWith("Z") || text.endsWith("z")
                  ? Instant.parse(text)
                  : OffsetDateTime.parse(text).toInstant();
          if (instant.isBefore(EARLIEST_INSTANT) || instant.isAfter(LATEST_INSTANT)) {
            throw new DateTimeException("outside years 0001-9999");
          }
          return instant;
        });
  }

  private static final Instant EARLIEST_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST_INSTANT = Instant.parse("9999-12-31T23:59:59.999Z");

  <E extends Enum<E>> E enumValue(String field, Class<E> type) {
    String text = string(field);
    if (text == null) {
      return null;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text.trim())) {
        return constant;
      }
    }
    violations.add(
        new Violation(pathOf(field), "must be one of " + names(type) + ", was '" + text + "'"));
    return null;
  }

  /**
   * An array of non-blank strings; absent gives {@code null}, so the model can apply its default.
   */
  Set<String> stringSet(String field) {
    JsonNode value = node(field);
    if (value == null) {
      return null;
    }
    if (!value.isArray()) {
      violations.add(
          new Violation(pathOf(field), "must be an array of strings, was " + describe(value)));
      return null;
    }
    if (tooMany(field, value, MAX_LIST_VALUES, "values")) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode element = value.get(i);
      if (!element.isTextual() || element.textValue().isBlank()) {
        violations.add(
            new Violation(
                pathOf(field) + "[" + i + "]",
                "must be a non-blank string, was " + describe(element)));
      } else if (element.textValue().length() > MAX_TEXT_LENGTH) {
        violations.add(new Violation(pathOf(field) + "[" + i + "]", tooLong(element.textValue())));
      } else {
        out.add(element.textValue());
      }
    }
    return out;
  }

  Set<DayOfWeek> days(String field) {
    JsonNode value = node(field);
    if (value == null) {
      return null;
    }
    if (!value.isArray()) {
      violations.add(
          new Violation(pathOf(field), "must be an array of week days, was " + describe(value)));
      return null;
    }
    Set<DayOfWeek> out = new HashSet<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode element = value.get(i);
      DayOfWeek day = element.isTextual() ? dayOfWeek(element.textValue()) : null;
      if (day == null) {
        violations.add(
            new Violation(
                pathOf(field) + "[" + i + "]",
                "must be a week day such as MONDAY or MON, was " + describe(element)));
      } else {
        out.add(day);
      }
    }
    return out;
  }

  /** Reads each element of an array of objects; absent means empty. */
  <T> List<T> objects(String field, BiFunction<JsonNode, String, T> reader) {
    JsonNode value = node(field);
    if (value == null) {
      return List.of();
    }
    if (!value.isArray()) {
      violations.add(new Violation(pathOf(field), "must be an array, was " + describe(value)));
      return List.of();
    }
    if (tooMany(field, value, MAX_RULES, "entries")) {
      return List.of();
    }
    List<T> out = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      T element = reader.apply(value.get(i), pathOf(field) + "[" + i + "]");
      if (element != null) {
        out.add(element);
      }
    }
    return out;
  }

  private <T> T parsed(String field, String expected, Function<String, T> parser) {
    JsonNode value = node(field);
    if (value == null) {
      return null;
    }
    String text = string(field);
    if (text == null) {
      return null;
    }
    try {
      return parser.apply(text);
    } catch (DateTimeException | ArithmeticException e) {
      violations.add(new Violation(pathOf(field), "must be " + expected + ", was '" + text + "'"));
      return null;
    }
  }

  private static DayOfWeek dayOfWeek(String text) {
    String upper = text.trim().toUpperCase(Locale.ROOT);
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day.name().equals(upper) || (upper.length() == 3 && day.name().startsWith(upper))) {
        return day;
      }
    }
    return null;
  }

  private static <E extends Enum<E>> String names(Class<E> type) {
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(constant.name());
    }
    return String.join(", ", names);
  }

  static String child(String parent, String field) {
    return parent.isEmpty() ? field : parent + "." + field;
  }

  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return "an array";
    }
    String text = node.toString();
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }
}
