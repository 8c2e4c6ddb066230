package dev.fatigueguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.demo.DemoMain;
import dev.fatigueguard.management.ManagementServer;
import dev.fatigueguard.serde.AvroSerdeConfig;
import dev.fatigueguard.serde.registry.SchemaRegistryClientConfig;
import dev.fatigueguard.topology.TopicPlan;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * The shipped deploy files, parsed and checked against the code: every {@code FATIGUE_GUARD_*}
 * variable is a guard setting or a Kafka/registry setting, every command parses, ports and paths
 * match the guard's listeners and routes, volumes match {@code state.dir}, and the Kubernetes
 * resources are consistent with each other and with the guard's memory budget.
 */
class DeployFilesTest {

  private static final String GUARD_IMAGE = "fatigue-guard:";

  @TempDir Path tmp;

  // --- compose ---

  @Test
  void theExampleConfigurationNamesEveryGuardSettingWithItsDefault() throws IOException {
    // docs/operations.md and the README promise deploy/guard.properties lists every guard key: a
    // setting added to the code must appear there too, set to its default or, for a secret or a
    // token, commented out.
    String text = Files.readString(DeployFiles.GUARD_PROPERTIES);
    List<String> missing = new ArrayList<>();
    for (GuardSetting setting : GuardSetting.values()) {
      String key = Pattern.quote(setting.key());
      boolean listed =
          Pattern.compile("(?m)^" + key + "=" + Pattern.quote(setting.defaultValue()) + "$")
                  .matcher(text)
                  .find()
              || Pattern.compile("(?m)^# " + key + "=$").matcher(text).find();
      if (!listed) {
        missing.add(setting.key() + "=" + setting.defaultValue());
      }
    }
    assertThat(missing).as("settings deploy/guard.properties lacks or sets off default").isEmpty();
  }

  @Test
  void theComposeStackHasEveryPieceTheIssueAsksFor() {
    JsonNode services = DeployFiles.yaml(DeployFiles.COMPOSE).path("services");
    assertThat(names(services))
        .contains(
            "kafka",
            "schema-registry",
            "topics",
            "guard-1",
            "guard-2",
            "load",
            "prometheus",
            "grafana");
    assertThat(services.path("kafka").path("image").asText()).startsWith("apache/kafka:");
    assertThat(services.path("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText())
        .isEqualTo("broker,controller");
    assertThat(services.path("schema-registry").path("image").asText())
        .startsWith("confluentinc/cp-schema-registry:");
    assertThat(strings(services.path("topics").path("command")))
        .startsWith("topics")
        .contains("--create");
    assertThat(strings(services.path("grafana").path("ports"))).contains("3000:3000");
  }

  @Test
  void everyGuardImageCommandParsesAgainstTheRealCommandLine() {
    JsonNode services = DeployFiles.yaml(DeployFiles.COMPOSE).path("services");
    for (String name : guardServices(services)) {
      List<String> command = strings(services.path(name).path("command"));
      assertThatCode(() -> DemoMain.commandLine().parseArgs(command.toArray(String[]::new)))
          .as("service %s: %s", name, command)
          .doesNotThrowAnyException();
    }
  }

  @Test
  void everyComposeVariableIsAGuardOrKafkaSettingAndEveryGuardConfigurationIsValid()
      throws IOException {
    JsonNode services = DeployFiles.yaml(DeployFiles.COMPOSE).path("services");
    for (String name : guardServices(services)) {
      Map<String, String> env = environment(services.path(name).path("environment"));
      env.keySet().forEach(variable -> assertIsASetting(variable, "compose service " + name));
      assertThatCode(() -> composeConfig(services, name))
          .as("configuration of compose service %s", name)
          .doesNotThrowAnyException();
    }
  }

  @Test
  void bothGuardsPublishTheirListenersAdvertiseThemselvesAndKeepStateOnAVolume()
      throws IOException {
    JsonNode compose = DeployFiles.yaml(DeployFiles.COMPOSE);
    JsonNode services = compose.path("services");
    List<String> guards = List.of("guard-1", "guard-2");
    for (String name : guards) {
      JsonNode service = services.path(name);
      GuardConfig config = composeConfig(services, name);
      String http = config.get(GuardSetting.HTTP_PORT);
      String management = config.get(GuardSetting.MANAGEMENT_PORT);
      assertThat(containerPorts(service)).as(name).contains(http, management);
      assertThat(config.streamsProperties().getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG))
          .isEqualTo(name + ":" + http);
      assertThat(config.streamsProperties().getProperty(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG))
          .isEqualTo("1");
      String stateDir = config.streamsProperties().getProperty(StreamsConfig.STATE_DIR_CONFIG);
      String volume = mountSource(service, stateDir);
      assertThat(volume).as("%s mounts a named volume at state.dir %s", name, stateDir).isNotNull();
      assertThat(compose.path("volumes").has(volume)).isTrue();
    }
    assertThat(mountSource(services.path("guard-1"), "/var/lib/fatigue-guard"))
        .isNotEqualTo(mountSource(services.path("guard-2"), "/var/lib/fatigue-guard"));
  }

  @Test
  void prometheusScrapesBothGuardsOnTheirManagementPortAndPath() throws IOException {
    JsonNode services = DeployFiles.yaml(DeployFiles.COMPOSE).path("services");
    JsonNode prometheus = DeployFiles.yaml(DeployFiles.PROMETHEUS);
    List<String> targets = new ArrayList<>();
    for (JsonNode job : prometheus.path("scrape_configs")) {
      assertThat(job.path("metrics_path").asText(ManagementServer.METRICS))
          .isEqualTo(ManagementServer.METRICS);
      job.path("static_configs").forEach(s -> targets.addAll(strings(s.path("targets"))));
    }
    List<String> expected = new ArrayList<>();
    for (String guard : List.of("guard-1", "guard-2")) {
      expected.add(guard + ":" + composeConfig(services, guard).get(GuardSetting.MANAGEMENT_PORT));
    }
    assertThat(targets).containsExactlyInAnyOrderElementsOf(expected);
    // The files Prometheus is told to read are the ones compose mounts.
    List<String> mounts = strings(services.path("prometheus").path("volumes"));
    assertThat(mounts)
        .anyMatch(
            m -> m.startsWith("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml"));
    for (String rules : strings(prometheus.path("rule_files"))) {
      assertThat(mounts).anyMatch(m -> m.contains(":" + rules));
    }
  }

  @Test
  void grafanaIsProvisionedWithThePrometheusDatasourceAndTheDashboard() {
    JsonNode services = DeployFiles.yaml(DeployFiles.COMPOSE).path("services");
    List<String> mounts = strings(services.path("grafana").path("volumes"));
    assertThat(mounts)
        .contains(
            "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro",
            "./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro");
    JsonNode datasource =
        DeployFiles.yaml(
                DeployFiles.ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml"))
            .path("datasources")
            .get(0);
    assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
    assertThat(strings(services.path("prometheus").path("ports"))).contains("9090:9090");
    JsonNode provider =
        DeployFiles.yaml(
                DeployFiles.ROOT.resolve(
                    "deploy/grafana/provisioning/dashboards/fatigue-guard.yml"))
            .path("providers")
            .get(0);
    assertThat(provider.path("options").path("path").asText())
        .isEqualTo("/var/lib/grafana/dashboards");
    JsonNode dashboard = DeployFiles.json(DeployFiles.DASHBOARD);
    String uid = datasource.path("uid").asText();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(panel.path("datasource").path("uid").asText())
          .as("panel %s", panel.path("title").asText())
          .isEqualTo(uid);
      assertThat(panel.path("targets").size()).isPositive();
    }
  }

  @Test
  void theDashboardHasAPanelForEverythingOnCallAsksAbout() {
    Set<String> titles = new HashSet<>();
    DeployFiles.json(DeployFiles.DASHBOARD)
        .path("panels")
        .forEach(p -> titles.add(p.path("title").asText()));
    assertThat(titles)
        .contains(
            "Decisions by outcome",
            "Dropped by reason",
            "Decisions by channel",
            "Held backlog",
            "Oldest held message",
            "Dead letters",
            "Budget API latency",
            "Kafka Streams process rate",
            "Commit latency",
            "Consumer lag",
            "Restore progress",
            "RocksDB memory",
            "JVM memory");
    Set<String> used = DeployFiles.metricNamesUsed();
    assertThat(used).contains("guard_decisions_total", "guard_held_backlog");
  }

  // --- Kubernetes ---

  @Test
  void theKubernetesVariablesAreSettingsAndTheConfigurationIsValid() throws IOException {
    assertThatCode(this::kubernetesConfig).doesNotThrowAnyException();
    for (String variable : kubernetesEnvironment().keySet()) {
      if (variable.startsWith(GuardConfig.ENV_PREFIX)) {
        assertIsASetting(variable, "the StatefulSet");
      }
    }
  }

  @Test
  void portsProbesAndTheScrapeMatchTheGuardsListenersAndRoutes() throws IOException {
    GuardConfig config = kubernetesConfig();
    JsonNode container = container();
    Map<String, String> ports = new HashMap<>();
    container
        .path("ports")
        .forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asText()));
    assertThat(ports)
        .containsEntry("http", config.get(GuardSetting.HTTP_PORT))
        .containsEntry("management", config.get(GuardSetting.MANAGEMENT_PORT));
    assertThat(container.path("startupProbe").path("httpGet").path("path").asText())
        .isEqualTo(ManagementServer.LIVE);
    assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
        .isEqualTo(ManagementServer.LIVE);
    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
        .isEqualTo(ManagementServer.READY);
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      assertThat(container.path(probe).path("httpGet").path("port").asText())
          .as(probe)
          .isEqualTo("management");
    }
    JsonNode annotations =
        statefulSet().path("spec").path("template").path("metadata").path("annotations");
    assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(ports.get("management"));
    assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo(ManagementServer.METRICS);

    JsonNode monitor =
        DeployFiles.yamlDocuments(DeployFiles.KUBERNETES.resolve("servicemonitor.yaml")).get(0);
    JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
    assertThat(endpoint.path("path").asText()).isEqualTo(ManagementServer.METRICS);
    JsonNode monitored =
        serviceSelectedBy(monitor.path("spec").path("selector").path("matchLabels"));
    List<String> servicePorts = new ArrayList<>();
    monitored.path("spec").path("ports").forEach(p -> servicePorts.add(p.path("name").asText()));
    assertThat(servicePorts).contains(endpoint.path("port").asText());
  }

  @Test
  void peersReachEveryPodByItsStableNameReadyOrNot() throws IOException {
    JsonNode set = statefulSet();
    String serviceName = set.path("spec").path("serviceName").asText();
    JsonNode headless = kind("Service", serviceName);
    assertThat(headless.path("spec").path("clusterIP").asText()).isEqualTo("None");
    assertThat(headless.path("spec").path("publishNotReadyAddresses").asBoolean()).isTrue();
    String server = kubernetesEnvironment().get("FATIGUE_GUARD_APPLICATION_SERVER");
    assertThat(server)
        .startsWith("$(POD_NAME)." + serviceName + ".")
        .endsWith(":" + kubernetesConfig().get(GuardSetting.HTTP_PORT));
    assertThat(kubernetesEnvironment().get("FATIGUE_GUARD_GROUP_INSTANCE_ID"))
        .isEqualTo("$(POD_NAME)");
  }

  @Test
  void thePodRunsAsNonRootOnAReadOnlyRootWithItsStateOnTheVolume() throws IOException {
    JsonNode pod = statefulSet().path("spec").path("template").path("spec");
    JsonNode container = container();
    assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.path("securityContext").path("runAsUser").asInt()).isPositive();
    assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean())
        .isTrue();
    assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean())
        .isFalse();
    Map<String, String> mounts = new HashMap<>();
    container
        .path("volumeMounts")
        .forEach(m -> mounts.put(m.path("mountPath").asText(), m.path("name").asText()));
    String stateDir =
        kubernetesConfig().streamsProperties().getProperty(StreamsConfig.STATE_DIR_CONFIG);
    assertThat(mounts).containsEntry(stateDir, "state").containsKey("/tmp");
    List<String> claims = new ArrayList<>();
    statefulSet()
        .path("spec")
        .path("volumeClaimTemplates")
        .forEach(c -> claims.add(c.path("metadata").path("name").asText()));
    assertThat(claims).contains("state");
  }

  @Test
  void theSecretHoldsEveryTokenHashTheStatefulSetReads() {
    JsonNode secret = kind("Secret", "fatigue-guard-api-tokens");
    for (JsonNode env : container().path("env")) {
      JsonNode ref = env.path("valueFrom").path("secretKeyRef");
      if (ref.path("name").asText().equals("fatigue-guard-api-tokens")) {
        assertThat(secret.path("stringData").has(ref.path("key").asText()))
            .as("secret key %s", ref.path("key").asText())
            .isTrue();
      }
    }
    assertThat(kubernetesEnvironment())
        .containsKeys(
            "FATIGUE_GUARD_GUARD_HTTP_TOKENS_ADMIN",
            "FATIGUE_GUARD_GUARD_HTTP_TOKENS_PREFERENCES",
            "FATIGUE_GUARD_GUARD_HTTP_TOKENS_READER");
  }

  @Test
  void theDisruptionBudgetCoversTheGuardsPods() {
    JsonNode pdb = kind("PodDisruptionBudget", "fatigue-guard");
    assertThat(pdb.path("spec").path("selector").path("matchLabels"))
        .isEqualTo(statefulSet().path("spec").path("template").path("metadata").path("labels"));
    assertThat(pdb.path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
  }

  @Test
  void theMemoryLimitHoldsHeapPlusRocksDbPlusOverhead() throws IOException {
    JsonNode resources = container().path("resources");
    long limit = bytes(resources.path("limits").path("memory").asText());
    assertThat(bytes(resources.path("requests").path("memory").asText())).isEqualTo(limit);
    Matcher xmx =
        Pattern.compile("-Xmx(\\S+)").matcher(kubernetesEnvironment().get("JAVA_TOOL_OPTIONS"));
    assertThat(xmx.find()).as("JAVA_TOOL_OPTIONS sets -Xmx").isTrue();
    long heap = bytes(xmx.group(1));
    long rocksDb = bytes(kubernetesConfig().serdeConfig().get("guard.rocksdb.memory").toString());
    long overhead = bytes("512Mi");
    assertThat(limit).isGreaterThanOrEqualTo(heap + rocksDb + overhead);
  }

  @Test
  void strimziTopicsAreTheGuardsTopicsWithItsPartitioningRules() throws IOException {
    Map<String, JsonNode> topics = new HashMap<>();
    for (JsonNode doc : DeployFiles.yamlDocuments(DeployFiles.KUBERNETES.resolve("strimzi.yaml"))) {
      if (doc.path("kind").asText().equals("KafkaTopic")) {
        topics.put(doc.path("metadata").path("name").asText(), doc.path("spec"));
      }
    }
    List<TopicPlan.Topic> plan = new TopicPlan(kubernetesConfig()).topics();
    assertThat(topics.keySet())
        .containsExactlyInAnyOrderElementsOf(plan.stream().map(TopicPlan.Topic::name).toList());
    int inputPartitions =
        topics.get(kubernetesConfig().topic(GuardSetting.TOPIC_INPUT)).path("partitions").asInt();
    for (TopicPlan.Topic t : plan) {
      JsonNode spec = topics.get(t.name());
      assertThat(spec.path("config").path("cleanup.policy").asText("delete"))
          .as(t.name())
          .isEqualTo(t.compacted() ? "compact" : "delete");
      if (t.coPartitioned()) {
        assertThat(spec.path("partitions").asInt()).as(t.name()).isEqualTo(inputPartitions);
      }
    }
  }

  @Test
  void theStrimziUserHasTheAclsExactlyOnceNeeds() throws IOException {
    JsonNode user = null;
    for (JsonNode doc : DeployFiles.yamlDocuments(DeployFiles.KUBERNETES.resolve("strimzi.yaml"))) {
      if (doc.path("kind").asText().equals("KafkaUser")) {
        user = doc;
      }
    }
    assertThat(user).isNotNull();
    GuardConfig config = kubernetesConfig();
    String applicationId = config.applicationId();
    List<JsonNode> acls = new ArrayList<>();
    user.path("spec").path("authorization").path("acls").forEach(acls::add);
    for (GuardSetting in :
        List.of(
            GuardSetting.TOPIC_INPUT,
            GuardSetting.TOPIC_PREFERENCES,
            GuardSetting.TOPIC_POLICIES)) {
      assertThat(allows(acls, "topic", config.topic(in), "Read"))
          .as("read %s", config.topic(in))
          .isTrue();
    }
    for (GuardSetting out :
        List.of(
            GuardSetting.TOPIC_APPROVED,
            GuardSetting.TOPIC_SUPPRESSED,
            GuardSetting.TOPIC_DECISIONS,
            GuardSetting.TOPIC_DLQ,
            GuardSetting.TOPIC_METRICS,
            GuardSetting.TOPIC_PREFERENCES,
            GuardSetting.TOPIC_POLICIES)) {
      assertThat(allows(acls, "topic", config.topic(out), "Write"))
          .as("write %s", config.topic(out))
          .isTrue();
    }
    String changelog = applicationId + "-" + "guard-ledger-changelog";
    for (String op : List.of("Create", "Read", "Write", "Describe")) {
      assertThat(allows(acls, "topic", changelog, op)).as("%s internal topics", op).isTrue();
    }
    assertThat(allows(acls, "group", applicationId, "Read")).isTrue();
    assertThat(allows(acls, "transactionalId", applicationId + "-0b3c-1", "Write")).isTrue();
    assertThat(user.path("spec").path("authentication").path("type").asText()).startsWith("scram");
    // The StatefulSet reads the credentials the User Operator writes to the user's Secret.
    boolean readsUserSecret = false;
    for (JsonNode env : container().path("env")) {
      JsonNode ref = env.path("valueFrom").path("secretKeyRef");
      readsUserSecret |=
          ref.path("name").asText().equals(user.path("metadata").path("name").asText())
              && ref.path("key").asText().equals("sasl.jaas.config");
    }
    assertThat(readsUserSecret).isTrue();
  }

  @Test
  void theImageRunsAsAnUnprivilegedUserAndDeclaresTheStateVolume() throws Exception {
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(DeployFiles.ROOT.resolve("demo/pom.xml").toFile());
    String user = pom.getElementsByTagName("user").item(0).getTextContent().trim();
    assertThat(user).doesNotStartWith("0").isNotEqualTo("root").matches("\\d+:\\d+");
    assertThat(user)
        .startsWith(
            statefulSet()
                    .path("spec")
                    .path("template")
                    .path("spec")
                    .path("securityContext")
                    .path("runAsUser")
                    .asText()
                + ":");
    assertThat(pom.getElementsByTagName("volume").item(0).getTextContent().trim())
        .isEqualTo(
            kubernetesConfig().streamsProperties().getProperty(StreamsConfig.STATE_DIR_CONFIG));
    assertThat(pom.getElementsByTagName("mainClass").item(0).getTextContent().trim())
        .isEqualTo(DemoMain.class.getName());
  }

  // --- helpers ---

  /** A variable is a guard setting, a logging switch, or a Kafka / registry setting. */
  private static void assertIsASetting(String variable, String where) {
    if (!variable.startsWith(GuardConfig.ENV_PREFIX)) {
      return;
    }
    if (variable.startsWith(GuardConfig.LOG_ENV_PREFIX)) {
      assertThat(variable).as(where).isIn("FATIGUE_GUARD_LOG_FORMAT", "FATIGUE_GUARD_LOG_LEVEL");
      return;
    }
    String key = GuardConfig.keyOfEnvironmentVariable(variable);
    if (key.startsWith("guard.")) {
      assertThat(GuardSetting.byKey(key))
          .as("%s in %s sets unknown %s", variable, where, key)
          .isPresent();
    } else {
      assertThat(kafkaAndRegistryKeys()).as("%s in %s sets %s", variable, where, key).contains(key);
    }
  }

  private static Set<String> kafkaAndRegistryKeys() {
    Set<String> keys = new HashSet<>();
    keys.addAll(StreamsConfig.configDef().names());
    keys.addAll(ProducerConfig.configNames());
    keys.addAll(ConsumerConfig.configNames());
    keys.addAll(AdminClientConfig.configNames());
    for (Class<?> c : List.of(AvroSerdeConfig.class, SchemaRegistryClientConfig.class)) {
      for (Field f : c.getFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
          try {
            keys.add((String) f.get(null));
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    keys.add(GuardConfig.SCHEMA_REGISTRY_URL);
    return keys;
  }

  private static List<String> guardServices(JsonNode services) {
    List<String> guards = new ArrayList<>();
    services
        .fieldNames()
        .forEachRemaining(
            n -> {
              if (services.path(n).path("image").asText().startsWith(GUARD_IMAGE)) {
                guards.add(n);
              }
            });
    assertThat(guards).isNotEmpty();
    return guards;
  }

  /** The service's configuration: the mounted properties file plus its environment. */
  private static GuardConfig composeConfig(JsonNode services, String name) {
    JsonNode service = services.path(name);
    List<String> command = strings(service.path("command"));
    String configPath = command.get(command.indexOf("--config") + 1);
    String hostFile = mountSource(service, configPath);
    assertThat(hostFile).as("%s mounts its --config file %s", name, configPath).isNotNull();
    return GuardConfig.load(
        DeployFiles.ROOT.resolve(hostFile.replaceFirst("^\\./", "")),
        environment(service.path("environment")));
  }

  private static String mountSource(JsonNode service, String target) {
    for (String volume : strings(service.path("volumes"))) {
      String[] parts = volume.split(":");
      if (parts.length >= 2 && parts[1].equals(target)) {
        return parts[0];
      }
    }
    return null;
  }

  private static List<String> containerPorts(JsonNode service) {
    List<String> ports = new ArrayList<>();
    for (String p : strings(service.path("ports"))) {
      ports.add(p.substring(p.lastIndexOf(':') + 1));
    }
    return ports;
  }

  private static Map<String, String> environment(JsonNode env) {
    Map<String, String> map = new HashMap<>();
    env.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> strings(JsonNode array) {
    List<String> list = new ArrayList<>();
    array.forEach(n -> list.add(n.asText()));
    return list;
  }

  private static List<JsonNode> manifests() {
    return DeployFiles.yamlDocuments(DeployFiles.KUBERNETES.resolve("fatigue-guard.yaml"));
  }

  private static JsonNode kind(String kind, String name) {
    return manifests().stream()
        .filter(d -> d.path("kind").asText().equals(kind))
        .filter(d -> d.path("metadata").path("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  private static JsonNode statefulSet() {
    return kind("StatefulSet", "fatigue-guard");
  }

  private static JsonNode container() {
    return statefulSet().path("spec").path("template").path("spec").path("containers").get(0);
  }

  private static JsonNode serviceSelectedBy(JsonNode labels) {
    return manifests().stream()
        .filter(d -> d.path("kind").asText().equals("Service"))
        .filter(
            d -> {
              JsonNode have = d.path("metadata").path("labels");
              for (var it = labels.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!have.path(e.getKey()).asText().equals(e.getValue().asText())) {
                  return false;
                }
              }
              return true;
            })
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Service with labels " + labels));
  }

  /** Literal values as written; values from Secrets as a valid stand-in. */
  private static Map<String, String> kubernetesEnvironment() {
    Map<String, String> env = new HashMap<>();
    for (JsonNode e : container().path("env")) {
      String name = e.path("name").asText();
      if (e.has("value")) {
        env.put(name, e.path("value").asText());
      } else if (e.path("valueFrom").has("secretKeyRef")) {
        env.put(name, name.contains("TOKENS") ? "0".repeat(64) : "secret");
      } else {
        env.put(name, "field");
      }
    }
    return env;
  }

  private GuardConfig kubernetesConfig() throws IOException {
    String properties =
        kind("ConfigMap", "fatigue-guard").path("data").path("guard.properties").asText();
    Path file = Files.writeString(tmp.resolve("guard.properties"), properties);
    Map<String, String> env = new HashMap<>(kubernetesEnvironment());
    env.keySet().removeIf(k -> !k.startsWith(GuardConfig.ENV_PREFIX));
    return GuardConfig.load(file, env);
  }

  private static boolean allows(List<JsonNode> acls, String type, String name, String operation) {
    for (JsonNode acl : acls) {
      JsonNode r = acl.path("resource");
      if (!r.path("type").asText().equals(type)) {
        continue;
      }
      String pattern = r.path("patternType").asText("literal");
      boolean matches =
          pattern.equals("prefix")
              ? name.startsWith(r.path("name").asText())
              : name.equals(r.path("name").asText());
      if (matches && strings(acl.path("operations")).contains(operation)) {
        return true;
      }
    }
    return false;
  }

  /** Kubernetes quantities (2Gi, 512Mi), JVM sizes (1g, 512m) and the guard's (512MiB). */
  static long bytes(String size) {
    Matcher m = Pattern.compile("(\\d+)\\s*([a-zA-Z]*)").matcher(size.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(size);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "", "b" -> n;
      case "k", "ki", "kib" -> n << 10;
      case "m", "mi", "mib" -> n << 20;
      case "g", "gi", "gib" -> n << 30;
      default -> throw new IllegalArgumentException(size);
    };
  }
}
