package dev.fatigueguard.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Pattern;

/**
 * What is wrong with a document that is not JSON, in words a user can act on: Jackson's own
 * message, without the parts that name Jackson (its classes, its settings, its redacted source).
 */
public final class JsonSyntax {

  /** Jackson's "[Source: REDACTED (`StreamReadFeature...` disabled); line: 1, column: 3]". */
  private static final Pattern SOURCE_LOCATION =
      Pattern.compile("\\[Source: [^;]*; line: (\\d+), column: (\\d+)]");

  private JsonSyntax() {}

  /** "is not valid JSON: …", with the line and column where the parser stopped. */
  public static String problem(JsonProcessingException e) {
    return problem(e, true);
  }

  /**
   * The same for one line of a JSON Lines file, whose caller names the line: only the column is
   * added.
   */
  public static String problemInLine(JsonProcessingException e) {
    return problem(e, false);
  }

  private static String problem(JsonProcessingException e, boolean withLine) {
    String problem = e.getOriginalMessage();
    if (problem != null && problem.startsWith("Trailing token")) {
      return "holds more than one JSON value"
          + location(e, withLine).replace(" (", " (the second starts at ")
          + ": one document per request or file, or an array of them where a file may hold"
          + " several";
    }
    String plain =
        problem == null
            ? e.getClass().getSimpleName()
            : SOURCE_LOCATION.matcher(problem).replaceAll("line $1, column $2");
    return "is not valid JSON: " + plain + location(e, withLine);
  }

  private static String location(JsonProcessingException e, boolean withLine) {
    JsonLocation location = e.getLocation();
    if (location == null) {
      return "";
    }
    return withLine
        ? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")"
        : " (column " + location.getColumnNr() + ")";
  }
}
