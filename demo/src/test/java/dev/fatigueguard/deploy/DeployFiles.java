package dev.fatigueguard.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The repository's deploy files, parsed, and the metric names their queries read. */
final class DeployFiles {

  static final Path ROOT = findRoot();
  static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
  static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
  static final Path PROMETHEUS = ROOT.resolve("deploy/prometheus/prometheus.yml");
  static final Path ALERTS = ROOT.resolve("deploy/prometheus/alerts.yml");
  static final Path DASHBOARD = ROOT.resolve("deploy/grafana/dashboards/fatigue-guard.json");
  static final Path GUARD_PROPERTIES = ROOT.resolve("deploy/guard.properties");

  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private DeployFiles() {}

  private static Path findRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "no docker-compose.yml above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  static JsonNode yaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every document of a multi-document YAML file (Kubernetes manifests). */
  static List<JsonNode> yamlDocuments(Path file) {
    try (var parser = new YAMLFactory().createParser(file.toFile())) {
      List<JsonNode> docs = new ArrayList<>();
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          docs.add(doc);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every PromQL expression of the dashboard's panels (targets[].expr). */
  static List<String> dashboardQueries() {
    List<String> queries = new ArrayList<>();
    for (JsonNode panel : json(DASHBOARD).path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        if (target.hasNonNull("expr")) {
          queries.add(target.path("expr").asText());
        }
      }
    }
    return queries;
  }

  /** Every alert and recording rule expression. */
  static List<String> alertQueries() {
    List<String> queries = new ArrayList<>();
    for (JsonNode group : yaml(ALERTS).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        queries.add(rule.path("expr").asText());
      }
    }
    return queries;
  }

  static Set<String> metricNamesUsed() {
    Set<String> names = new TreeSet<>();
    dashboardQueries().forEach(q -> names.addAll(PromQl.metricNames(q)));
    alertQueries().forEach(q -> names.addAll(PromQl.metricNames(q)));
    return names;
  }
}
