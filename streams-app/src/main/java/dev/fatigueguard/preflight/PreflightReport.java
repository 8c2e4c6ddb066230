package dev.fatigueguard.preflight;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Every check's result in the order they ran; the guard may start when none failed. */
public record PreflightReport(List<CheckResult> results) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public PreflightReport {
    results = List.copyOf(results);
  }

  /** This report with {@code result} after its own. */
  public PreflightReport with(CheckResult result) {
    List<CheckResult> all = new ArrayList<>(results);
    all.add(result);
    return new PreflightReport(all);
  }

  public boolean ok() {
    return results.stream().noneMatch(r -> r.status() == CheckResult.Status.FAIL);
  }

  public List<CheckResult> failures() {
    return results.stream().filter(r -> r.status() == CheckResult.Status.FAIL).toList();
  }

  /** One line per check, as the console shows them. */
  public List<String> lines() {
    return results.stream().map(CheckResult::line).toList();
  }

  /**
   * {@code {"ok":true,"checks":[{"check":..,"status":"pass|fail|note","detail":..,"fix":..}]}}, for
   * automation.
   */
  public String json() {
    ObjectNode root = JSON.createObjectNode();
    root.put("ok", ok());
    ArrayNode checks = root.putArray("checks");
    for (CheckResult r : results) {
      ObjectNode c = checks.addObject();
      c.put("check", r.check());
      c.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
      c.put("detail", r.detail());
      if (!r.fix().isEmpty()) {
        c.put("fix", r.fix());
      }
    }
    return root.toString();
  }
}
