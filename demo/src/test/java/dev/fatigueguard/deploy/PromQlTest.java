package dev.fatigueguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

  @Test
  void findsTheMetricsButNotFunctionsLabelsRangesOrVariables() {
    assertThat(
            PromQl.metricNames(
                "histogram_quantile(0.99, sum by (le, route) (rate("
                    + "guard_http_requests_seconds_bucket{route=\"/v1/customers/{id}/budget\","
                    + " instance=~\"$instance\"}[$__rate_interval])))"
                    + " / on (instance) group_left max(kafka_stream_thread_process_rate) > 2e3"))
        .containsExactly("guard_http_requests_seconds_bucket", "kafka_stream_thread_process_rate");
  }
}
