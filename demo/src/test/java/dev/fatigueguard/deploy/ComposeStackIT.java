package dev.fatigueguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * {@code docker compose up} as shipped, then every query of the Grafana dashboard asked of the
 * stack's Prometheus until each returns data, and the dashboard read back from Grafana.
 *
 * <p>Needs a Docker engine and the guard's image ({@code ./mvnw -pl demo -am -DskipTests package
 * jib:dockerBuild}); without Docker the class is skipped ("disabledWithoutDocker"), which is what
 * happens on machines with only the docker client. The deploy files are also checked without Docker
 * by {@link DeployFilesTest} and, against a live guard's metrics, by {@link LiveGuardMetricsIT}.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeStackIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Container
  static final ComposeContainer STACK =
      new ComposeContainer(DeployFiles.COMPOSE.toFile())
          .withExposedService("prometheus", 9090, Wait.forHttp("/-/ready"))
          .withExposedService("grafana", 3000, Wait.forHttp("/api/health"))
          .withExposedService("guard-1", 9464, Wait.forHttp("/health/ready"))
          .withExposedService("guard-2", 9464, Wait.forHttp("/health/ready"))
          .withStartupTimeout(Duration.ofMinutes(5));

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void everyDashboardQueryReturnsDataFromTheRunningStack() {
    String prometheus =
        "http://"
            + STACK.getServiceHost("prometheus", 9090)
            + ":"
            + STACK.getServicePort("prometheus", 9090);
    List<String> queries = new ArrayList<>();
    for (String q : DeployFiles.dashboardQueries()) {
      queries.add(q.replace("$instance", ".*").replace("$__rate_interval", "1m"));
    }
    // The load generator needs a little while before rates, held messages and dead letters show.
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              List<String> empty = new ArrayList<>();
              for (String q : queries) {
                JsonNode answer =
                    get(
                        prometheus
                            + "/api/v1/query?query="
                            + URLEncoder.encode(q, StandardCharsets.UTF_8));
                if (answer.path("data").path("result").isEmpty()) {
                  empty.add(q);
                }
              }
              assertThat(empty).as("dashboard queries without data").isEmpty();
            });
  }

  @Test
  void grafanaServesTheProvisionedDashboard() throws Exception {
    String grafana =
        "http://"
            + STACK.getServiceHost("grafana", 3000)
            + ":"
            + STACK.getServicePort("grafana", 3000);
    JsonNode dashboard = get(grafana + "/api/dashboards/uid/fatigue-guard");
    assertThat(dashboard.path("dashboard").path("panels").size())
        .isEqualTo(DeployFiles.json(DeployFiles.DASHBOARD).path("panels").size());
  }

  private JsonNode get(String url) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
