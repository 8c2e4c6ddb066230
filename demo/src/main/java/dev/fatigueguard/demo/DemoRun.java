package dev.fatigueguard.demo;

import dev.fatigueguard.api.CustomerLinks;
import dev.fatigueguard.config.ClientProperties;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.policy.CustomerPreferences;
import dev.fatigueguard.policy.Policy;
import dev.fatigueguard.traffic.TrafficDriver;
import dev.fatigueguard.traffic.TrafficMix;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;

/**
 * One demo run, start to final report: the stack starts, the scenario's policies and preferences
 * reach the guard, the senders run under the live dashboard, and the guard catches up before the
 * final report. Each stage ends early, without an error, when a stop is requested.
 */
final class DemoRun {

  private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(20);
  private static final int LINE_WIDTH = 110;
  private static final String CONTINUATION = "             ";

  private final DemoOptions options;
  private final String apiToken;
  private final GracefulStop stop;
  private final PrintWriter out;

  DemoRun(DemoOptions options, String apiToken, GracefulStop stop, PrintWriter out) {
    this.options = options;
    this.apiToken = apiToken;
    this.stop = stop;
    this.out = out;
  }

  /** Runs in {@code state}, deletes it afterwards and says what was left behind. */
  DemoReport run(StateDirectory state) throws InterruptedException, ExecutionException {
    long startedAt = System.nanoTime();
    try {
      out.printf(
          "fatigue-guard demo, seed %d (repeat this run's mix with --seed %d)%n",
          options.seed(), options.seed());
      try (EmbeddedStack stack =
          EmbeddedStack.start(
              state, options.httpPort(), options.partitions(), apiToken, stop, out)) {
        return run(stack);
      }
    } finally {
      boolean deleted = state.delete();
      out.printf(
          "stopped after %.1f s: guard closed, broker closed, %s%n",
          (System.nanoTime() - startedAt) / 1e9,
          deleted ? "temporary directories deleted" : "could not delete " + state);
      out.flush();
    }
  }

  private DemoReport run(EmbeddedStack stack) throws InterruptedException, ExecutionException {
    if (!stack.startGuard(out)) {
      return stoppedBeforeTraffic();
    }
    int port = stack.guard().httpPort();
    out.printf("  dashboard  http://localhost:%d/#token=%s%n", port, apiToken);
    out.printf(
        "  customer   %s (c-00001's preference centre)%n",
        new CustomerLinks(apiToken + apiToken, "")
            .url("http://localhost:" + port, "c-00001", Instant.now().plus(Duration.ofDays(1))));
    out.printf(
        "  HTTP API   curl -H 'Authorization: Bearer %s' http://localhost:%d/v1/customers/c-00001/budget%n",
        apiToken, port);
    DemoScenario scenario = new DemoScenario(options.seed(), options.customers());
    try (ScenarioSeeding seeding = new ScenarioSeeding(stack.config(), stack.guard(), stop)) {
      Policy platform = DemoScenario.defaultPolicy();
      Policy retail = DemoScenario.retailPolicy();
      if (!seeding.policies(List.of(platform, retail))) {
        return stoppedBeforeTraffic();
      }
      out.printf("  policies   default: %s%n", DemoScenario.describe(platform));
      out.printf("             retail:  %s%n", DemoScenario.describe(retail));
      // Computed as late as possible: quiet hours and snoozes are relative to now.
      List<CustomerPreferences> preferences = scenario.preferences(Instant.now());
      if (!seeding.preferences(preferences)) {
        return stoppedBeforeTraffic();
      }
      printTraffic(preferences);
    }
    return sendAndReport(stack, scenario);
  }

  private DemoReport sendAndReport(EmbeddedStack stack, DemoScenario scenario)
      throws InterruptedException, ExecutionException {
    GuardConfig config = stack.config();
    TrafficMix mix = new TrafficMix(options.seed(), scenario.customerIds(), Instant.now());
    try (DecisionTally tally =
            new DecisionTally(
                ClientProperties.consumer(config.streamsProperties()),
                config.topic(GuardSetting.TOPIC_DECISIONS),
                config.topic(GuardSetting.TOPIC_DLQ),
                config.serdeConfig());
        TrafficDriver traffic =
            new TrafficDriver(
                mix,
                options.rate(),
                config.topic(GuardSetting.TOPIC_INPUT),
                ClientProperties.producer(config.streamsProperties()),
                config.serdeConfig())) {
      tally.start();
      traffic.start();
      long sendingSince = System.nanoTime();
      new Dashboard(tally, traffic, stack.guard(), out).run(sendingSince, options.duration(), stop);
      traffic.stopSending();
      Duration sent = Duration.ofNanos(System.nanoTime() - sendingSince);
      if (!stop.requested()) {
        out.print("traffic stopped; waiting for the guard to decide what was sent ... ");
        out.flush();
        traffic.flush();
        boolean caughtUp = new DecisionCatchUp(config, stop).await(tally, CATCH_UP_TIMEOUT);
        out.println(caughtUp ? "done" : "gave up after " + CATCH_UP_TIMEOUT.toSeconds() + " s");
      }
      DemoReport last = tally.snapshot(sent, traffic.sentBySender(), traffic.acknowledged());
      out.printf(
          "%n== final report (%s of traffic at %,.0f msg/s, %,d customers, seed %d) ==%n",
          DemoReport.clock(sent), options.rate(), options.customers(), options.seed());
      out.print(last.finalReport());
      out.flush();
      return last;
    }
  }

  private void printTraffic(List<CustomerPreferences> preferences) {
    out.print(
        wrapped(
            String.format(
                Locale.ROOT,
                "  customers  %,d, of whom %,d set preferences:",
                options.customers(),
                preferences.size()),
            DemoScenario.describe(preferences)));
    out.printf(
        Locale.ROOT,
        "  senders    %,.0f msg/s for %s: newsletter, promotions (a campaign burst every %d s), "
            + "orders, security codes%n",
        options.rate(),
        DemoReport.clock(options.duration()),
        TrafficMix.CAMPAIGN_PERIOD.toSeconds());
    out.printf(
        Locale.ROOT,
        "  faults     ~%.0f%% resent with the same messageId, expired offers from a retry queue "
            + "every %d s, a broken record every %d s%n",
        TrafficMix.RESEND_SHARE * 100,
        TrafficMix.RETRY_QUEUE_EVERY.toSeconds(),
        TrafficMix.BROKEN_EVERY.toSeconds());
    out.printf("  Ctrl-C stops early and still prints the final report.%n%n");
    out.flush();
  }

  /** Lines of at most about {@link #LINE_WIDTH} characters, continuations under the first item. */
  private static String wrapped(String head, List<String> items) {
    StringBuilder text = new StringBuilder(head);
    int lineLength = head.length();
    for (int i = 0; i < items.size(); i++) {
      String item = items.get(i) + (i < items.size() - 1 ? "," : "");
      if (lineLength + 1 + item.length() > LINE_WIDTH) {
        text.append(System.lineSeparator()).append(CONTINUATION).append(item);
        lineLength = CONTINUATION.length() + item.length();
      } else {
        text.append(' ').append(item);
        lineLength += 1 + item.length();
      }
    }
    return text.append(System.lineSeparator()).toString();
  }

  private DemoReport stoppedBeforeTraffic() {
    out.println();
    out.println("stopped before the senders started: nothing to report");
    return DemoReport.empty();
  }
}
