package dev.fatigueguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.embedded.KafkaEndpoint;
import dev.fatigueguard.embedded.WithKafka;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The commands as a user types them: {@code check}'s exit code and output, {@code run} refusing to
 * start, and the commands that talk to the cluster failing with one line when no broker answers.
 */
@WithKafka
class PreflightCommandsIT {

  private static final String POLICY =
      """
      {"tenant":"default","overflowAction":"DROP","caps":[{"id":"daily","max":1,"window":"P1D"}]}""";

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int fatigueGuard(String... args) {
    CommandLine cli = FatigueGuardCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  /** The prefix of this test's application id and topic names, set by {@link #configFile}. */
  private String run;

  private Path configFile(String bootstrapServers) throws IOException {
    run = KafkaEndpoint.uniqueName("cli-preflight");
    List<String> lines = new ArrayList<>();
    lines.add("bootstrap.servers=" + bootstrapServers);
    lines.add("application.id=" + run);
    lines.add("schema.registry.url=mock://" + run);
    lines.add("state.dir=" + tmp.resolve("state"));
    lines.add(GuardSetting.HTTP_PORT.key() + "=0");
    lines.add(GuardSetting.MANAGEMENT_PORT.key() + "=0");
    for (GuardSetting setting : GuardSetting.values()) {
      if (setting.key().startsWith("guard.topic.")) {
        lines.add(setting.key() + "=" + run + "." + setting.defaultValue());
      }
    }
    return Files.write(tmp.resolve("guard.properties"), lines);
  }

  private static String nowhere() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "127.0.0.1:" + socket.getLocalPort();
    }
  }

  @Test
  void checkPassesOnceTopicsAndAPolicyExistAndPrintsOneLinePerCheck(KafkaEndpoint kafka)
      throws IOException {
    Path config = configFile(kafka.bootstrapServers());
    Path policy = Files.writeString(tmp.resolve("policy.json"), POLICY);

    int before = fatigueGuard("check", "--config", config.toString());
    String beforeOut = out.toString();
    assertThat(
            fatigueGuard(
                "topics", "--config", config.toString(), "--create", "--replication-factor", "1"))
        .as("%s%s", out, err)
        .isZero();
    assertThat(fatigueGuard("policy", "publish", "--config", config.toString(), policy.toString()))
        .isZero();
    out.getBuffer().setLength(0);
    int after = fatigueGuard("check", "--config", config.toString());

    assertThat(before).isEqualTo(1);
    assertThat(beforeOut).contains("✗ topic ").contains("does not exist");
    assertThat(after).as(out.toString()).isZero();
    assertThat(out.toString().lines())
        .allSatisfy(line -> assertThat(line).matches("^[✓–] .*"))
        .anySatisfy(line -> assertThat(line).startsWith("✓ broker: bootstrap.servers="))
        .anySatisfy(line -> assertThat(line).startsWith("✓ policy: 1 policy published"));
  }

  @Test
  void publishWritesEveryPolicyAndEveryCustomerOfTheFilesValidateAccepts(KafkaEndpoint kafka)
      throws IOException {
    Path config = configFile(kafka.bootstrapServers());
    Path policies =
        Files.writeString(
            tmp.resolve("policies.json"),
            "[" + POLICY + ",{\"tenant\":\"acme\",\"defaultZone\":\"Europe/Berlin\"}]");
    Path preferences =
        Files.writeString(
            tmp.resolve("preferences.jsonl"),
            """
            {"customerId":"c-1","optOuts":[{"channel":"SMS"}]}

            {"customerId":"c-2","zone":"Asia/Tokyo"}
            """);
    assertThat(
            fatigueGuard(
                "topics", "--config", config.toString(), "--create", "--replication-factor", "1"))
        .isZero();

    int policyExit =
        fatigueGuard("policy", "publish", "--config", config.toString(), policies.toString());
    int preferencesExit =
        fatigueGuard(
            "preferences", "publish", "--config", config.toString(), preferences.toString());

    assertThat(policyExit).as("%s%s", out, err).isZero();
    assertThat(preferencesExit).as("%s%s", out, err).isZero();
    assertThat(out.toString())
        .contains("published policy 'default'")
        .contains("published policy 'acme'")
        .contains("published preferences of 'c-1'")
        .contains("published preferences of 'c-2'");
    assertThat(keysOf(kafka, run + ".contact-policies", 2)).containsExactly("default", "acme");
    assertThat(keysOf(kafka, run + ".contact-preferences", 2))
        .containsExactlyInAnyOrder("c-1", "c-2");
  }

  @Test
  void publishWritesNothingWhenOneDocumentOfTheFileIsInvalid(KafkaEndpoint kafka)
      throws IOException {
    Path config = configFile(kafka.bootstrapServers());
    Path preferences =
        Files.writeString(
            tmp.resolve("preferences.jsonl"),
            """
            {"customerId":"c-1","optOuts":[{"channel":"SMS"}]}
            {"customerId":"c-2","zone":"Mars/Olympus"}
            """);
    assertThat(
            fatigueGuard(
                "topics", "--config", config.toString(), "--create", "--replication-factor", "1"))
        .isZero();

    int exit =
        fatigueGuard(
            "preferences", "publish", "--config", config.toString(), preferences.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("line 2 zone");
    assertThat(keysOf(kafka, run + ".contact-preferences", 0)).isEmpty();
  }

  /** The keys on the topic, read until {@code expected} arrived (or for a few seconds if 0). */
  private static List<String> keysOf(KafkaEndpoint kafka, String topic, int expected) {
    Map<String, Object> config = new HashMap<>(kafka.clientConfig());
    config.put("group.id", KafkaEndpoint.uniqueName("keys"));
    config.put("auto.offset.reset", "earliest");
    List<String> keys = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(expected == 0 ? 3 : 30).toNanos();
      while (System.nanoTime() < deadline && (expected == 0 || keys.size() < expected)) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
      }
    }
    return keys;
  }

  @Test
  void checkWithJsonPrintsOneObject(KafkaEndpoint kafka) throws IOException {
    Path config = configFile(kafka.bootstrapServers());

    int exit = fatigueGuard("check", "--config", config.toString(), "--json");

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString().lines()).singleElement().asString().startsWith("{\"ok\":false,");
  }

  @Test
  void runRefusesToStartWhenACheckFailsAndPrintsTheLines(KafkaEndpoint kafka) throws IOException {
    Path config = configFile(kafka.bootstrapServers());

    int exit = fatigueGuard("run", "--config", config.toString());

    assertThat(exit).isEqualTo(FriendlyErrors.RUNTIME_ERROR);
    assertThat(err.toString())
        .contains("✓ broker: ")
        .contains("✗ topic ")
        .containsPattern("fatigue-guard: not starting: \\d+ checks failed \\(--skip-check");
  }

  @Test
  void runRefusesToStartWhenItsHttpPortIsTakenAndNamesTheSetting(KafkaEndpoint kafka)
      throws IOException {
    Path config = configFile(kafka.bootstrapServers());
    Path policy = Files.writeString(tmp.resolve("policy.json"), POLICY);
    assertThat(
            fatigueGuard(
                "topics", "--config", config.toString(), "--create", "--replication-factor", "1"))
        .isZero();
    assertThat(fatigueGuard("policy", "publish", "--config", config.toString(), policy.toString()))
        .isZero();

    int exit;
    int taken;
    try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
      taken = other.getLocalPort();
      Files.writeString(
          config,
          Files.readString(config).replace(GuardSetting.HTTP_PORT.key() + "=0", "")
              + GuardSetting.HTTP_PORT.key()
              + "="
              + taken
              + "\n");
      err.getBuffer().setLength(0);
      exit = fatigueGuard("run", "--config", config.toString());
    }

    // The other checks ran beside the guard's own binding of the port and all passed.
    assertThat(exit).isEqualTo(FriendlyErrors.RUNTIME_ERROR);
    assertThat(err.toString())
        .contains("✓ broker: ")
        .contains("✓ policy: ")
        .contains("✗ http port: " + GuardSetting.HTTP_PORT.key() + "=" + taken + " cannot be bound")
        .contains("fatigue-guard: not starting: 1 check failed (--skip-check");
  }

  @Test
  void publishingBeforeTheTopicsExistFailsInsteadOfCreatingAnUncompactedTopic(KafkaEndpoint kafka)
      throws Exception {
    Path config = configFile(kafka.bootstrapServers());
    Path policy = Files.writeString(tmp.resolve("policy.json"), POLICY);
    String policies =
        Files.readAllLines(config).stream()
            .filter(l -> l.startsWith(GuardSetting.TOPIC_POLICIES.key() + "="))
            .findFirst()
            .orElseThrow()
            .substring(GuardSetting.TOPIC_POLICIES.key().length() + 1);

    int exit = fatigueGuard("policy", "publish", "--config", config.toString(), policy.toString());

    assertThat(exit).isEqualTo(FriendlyErrors.RUNTIME_ERROR);
    assertThat(err.toString())
        .isEqualTo(
            "fatigue-guard: topic "
                + policies
                + " does not exist; create the guard's topics first: fatigue-guard topics"
                + " --config FILE --create\n");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      assertThat(admin.listTopics().names().get()).doesNotContain(policies);
    }
  }

  @Test
  void commandsThatTalkToTheClusterFailWithOneLineNamingTheAddress() throws IOException {
    String nowhere = nowhere();
    Path config = configFile(nowhere);
    Path policy = Files.writeString(tmp.resolve("policy.json"), POLICY);
    String expected =
        "fatigue-guard: bootstrap.servers="
            + nowhere
            + ": no broker answered ("
            + nowhere
            + ": connection refused)\n";

    for (String[] command :
        List.of(
            new String[] {"topics", "--config", config.toString()},
            new String[] {"policy", "publish", "--config", config.toString(), policy.toString()},
            new String[] {
              "preferences", "erase", "--config", config.toString(), "--customer", "c1"
            })) {
      err.getBuffer().setLength(0);

      int exit = fatigueGuard(command);

      assertThat(exit).as(String.join(" ", command)).isEqualTo(FriendlyErrors.RUNTIME_ERROR);
      assertThat(err.toString()).as(String.join(" ", command)).isEqualTo(expected);
    }
  }
}
