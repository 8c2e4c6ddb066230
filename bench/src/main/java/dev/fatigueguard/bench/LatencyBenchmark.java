package dev.fatigueguard.bench;

import dev.fatigueguard.app.GuardApplication;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.bench.e2e.BenchCluster;
import dev.fatigueguard.bench.e2e.OutcomeCount;
import dev.fatigueguard.bench.e2e.Preloader;
import dev.fatigueguard.bench.e2e.Scenario;
import dev.fatigueguard.bench.e2e.StateDirs;
import dev.fatigueguard.bench.e2e.Workload;
import dev.fatigueguard.bench.latency.LatencyRun;
import dev.fatigueguard.bench.latency.RateRamp;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.embedded.TopicSpec;
import dev.fatigueguard.serde.SpecificAvroDeserializer;
import dev.fatigueguard.serde.SpecificAvroSerializer;
import dev.fatigueguard.topology.TopicPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Latency at a steady, sustainable rate (meant to be half the guard's measured maximum): from the
 * sender's send time (the message's createdAt) to (a) the approved record's append on the broker —
 * the approved topic uses LogAppendTime, so its timestamp is the broker's — and (b) the moment a
 * read_committed gateway receives it, which with exactly_once_v2 also waits for the transaction
 * commit.
 *
 * <p>With {@code --find-max} it first finds that maximum in the same setup (sender, broker, guard
 * and reader sharing the machine), by a {@link RateRamp} whose probe is one run judged by the
 * guard's backlog when the sender stops; then it measures at half of it. Both in one invocation,
 * because on a noisy machine a maximum measured in another run is not the same machine's.
 */
@Command(
    name = "latency",
    mixinStandardHelpOptions = true,
    description = "p50/p99/p99.9 latency from send to the approved record, at a fixed rate.")
public final class LatencyBenchmark implements Callable<Integer> {

  @Option(names = "--bootstrap", description = "External cluster; default: embedded broker.")
  String bootstrap;

  @Option(
      names = "--rate",
      required = true,
      description =
          "Messages per second (use 50 %% of the guard's maximum); with --find-max, the first rate"
              + " tried.")
  int rate;

  @Option(
      names = "--seconds",
      defaultValue = "30",
      description = "Measured seconds per guarantee (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--warmup-seconds",
      defaultValue = "10",
      description = "Unmeasured seconds first (default ${DEFAULT-VALUE}).")
  int warmupSeconds;

  @Option(
      names = "--jvm-warmup-seconds",
      defaultValue = "30",
      description =
          "One unmeasured run of the first guarantee before any measured one (default ${DEFAULT-VALUE}). "
              + "Without it the first guarantee runs while the JIT still compiles and shares the cores.")
  int jvmWarmupSeconds;

  @Option(
      names = "--customers",
      defaultValue = "100000",
      description = "(default ${DEFAULT-VALUE})")
  int customers;

  @Option(names = "--partitions", defaultValue = "4", description = "(default ${DEFAULT-VALUE})")
  int partitions;

  @Option(
      names = "--guarantees",
      split = ",",
      defaultValue = "at_least_once,exactly_once_v2",
      description = "(default ${DEFAULT-VALUE})")
  List<String> guarantees;

  @Option(
      names = "--commit-interval-ms",
      defaultValue = "100",
      description = "(default ${DEFAULT-VALUE})")
  long commitIntervalMs;

  @Option(
      names = "--repeats",
      defaultValue = "1",
      description =
          "Measured runs per guarantee, alternating between guarantees (default ${DEFAULT-VALUE}).")
  int repeats;

  @Option(
      names = "--find-max",
      description =
          "First find the highest rate this setup sustains, starting at --rate and adding --step, "
              + "then measure at half of it.")
  boolean findMax;

  @Option(
      names = "--step",
      defaultValue = "2500",
      description = "Rate added per --find-max probe (default ${DEFAULT-VALUE}).")
  int step;

  @Option(
      names = "--max-rate",
      defaultValue = "200000",
      description = "No --find-max probe above this rate (default ${DEFAULT-VALUE}).")
  int maxRate;

  @Option(
      names = "--ramp-guarantee",
      defaultValue = "exactly_once_v2",
      description = "Guarantee of the --find-max probes (default ${DEFAULT-VALUE}).")
  String rampGuarantee;

  @Override
  public Integer call() throws Exception {
    try (BenchCluster cluster = BenchCluster.open(bootstrap)) {
      // On a small machine the JIT compiles for tens of seconds while the first run is already
      // under load; whichever guarantee came first measured seconds of backlog that the second did
      // not.
      if (jvmWarmupSeconds > 0) {
        System.out.println(
            "JVM warm-up, not in the table: "
                + measure(cluster, guarantees.get(0), rate, 0, jvmWarmupSeconds).row());
      }
      int measuredRate = rate;
      if (findMax) {
        measuredRate = findMaximum(cluster);
        if (measuredRate == 0) {
          return 1;
        }
      }
      System.out.println(HEADER);
      Map<String, List<LatencyRun>> runs = new LinkedHashMap<>();
      for (int r = 0; r < repeats; r++) {
        for (String guarantee : guarantees) {
          LatencyRun run = measure(cluster, guarantee, measuredRate, warmupSeconds, seconds);
          runs.computeIfAbsent(guarantee, g -> new ArrayList<>()).add(run);
          System.out.println(run.row());
        }
      }
      long bound = 3 * commitIntervalMs;
      boolean oneDecisionEach = true;
      for (var entry : runs.entrySet()) {
        List<LatencyRun> of = entry.getValue();
        long worst = of.stream().mapToLong(LatencyRun::readerP99).max().orElse(-1);
        long within =
            of.stream().filter(run -> run.sustained() && run.readerP99() <= bound).count();
        long exact = of.stream().filter(LatencyRun::oneDecisionEach).count();
        oneDecisionEach &= exact == of.size();
        System.out.printf(
            Locale.ROOT,
            "%s at %d/s: worst read_committed p99 %d ms over %d run(s); within %d ms (3 x the"
                + " commit interval) and no backlog in %d of %d; one decision per message in %d"
                + " of %d%n",
            entry.getKey(),
            measuredRate,
            worst,
            of.size(),
            bound,
            within,
            of.size(),
            exact,
            of.size());
      }
      // A decision lost or written twice is a broken guarantee, not a slow run: fail the command.
      return oneDecisionEach ? 0 : 2;
    }
  }

  private static final String HEADER =
      "| guarantee | rate/s | approved measured | append p50 / p99 / p99.9 ms"
          + " | read_committed p50 / p99 / p99.9 ms | backlog when the sender stopped"
          + " | decisions read_committed / messages sent |\n"
          + "|---|---|---|---|---|---|---|";

  /** The ramp; prints every probe and returns half the maximum (0 if none was sustained). */
  private int findMaximum(BenchCluster cluster) throws Exception {
    System.out.println(
        "Finding the highest rate sustained ("
            + rampGuarantee
            + "; a probe keeps up when its backlog as the sender stops is at most half a second of"
            + " traffic):");
    System.out.println(HEADER);
    RateRamp.Result ramp =
        new RateRamp(rate, step, maxRate)
            .run(
                probeRate -> {
                  LatencyRun run =
                      measure(cluster, rampGuarantee, probeRate, warmupSeconds, seconds);
                  System.out.println(run.row());
                  return run.sustained();
                });
    if (ramp.maximum() == 0) {
      System.out.println("Not even " + rate + "/s was sustained; start lower.");
      return 0;
    }
    int half = ramp.maximum() / 2 / 100 * 100;
    System.out.println(
        "Highest rate sustained: "
            + ramp.maximum()
            + "/s; measuring at half of it, "
            + half
            + "/s");
    return half;
  }

  /**
   * One guard at {@code sendRate} for {@code unmeasured + measured} seconds: the latencies of the
   * measured part, and the guard's backlog when the sender stopped.
   */
  private LatencyRun measure(
      BenchCluster cluster, String guarantee, int sendRate, int unmeasured, int measured)
      throws Exception {
    Scenario s =
        new Scenario(
            cluster.bootstrap(),
            "lat-" + UUID.randomUUID().toString().substring(0, 8),
            partitions,
            Math.min(partitions, 2),
            commitIntervalMs,
            "latency");
    String appId = s.prefix() + "-guard";
    Path stateDir = StateDirs.fresh(appId);
    GuardConfig config = s.guardConfig(appId, guarantee, stateDir);
    String approved = config.topic(GuardSetting.TOPIC_APPROVED);
    cluster.create(
        List.of(
            TopicSpec.of(s.input(), partitions),
            TopicSpec.compacted(s.preferences(), partitions),
            TopicSpec.compacted(s.policies(), 1),
            TopicSpec.of(approved, partitions)
                .withConfig(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")));
    new TopicPlan(config).createMissing(cluster.admin(), partitions, (short) 1);
    try (Preloader preloader = new Preloader(s.bootstrap(), s.serdeConfig())) {
      preloader.policy(s.policies(), Workload.platformPolicy());
      preloader.preferences(
          s.preferences(),
          Workload.preferences(customers, Instant.now().plusSeconds(3600)),
          System.currentTimeMillis());
    }
    SpecificAvroDeserializer<OutboundMessage> reader =
        new SpecificAvroDeserializer<>(OutboundMessage.class);
    reader.configure(s.serdeConfig(), false);
    long[] append = new long[sendRate * measured * 2];
    long[] visible = new long[append.length];
    int n = 0;
    long backlog = -1;
    long decided;
    Sender sender;
    try (GuardApplication guard = new GuardApplication(config);
        KafkaConsumer<String, byte[]> gateway = gateway(cluster.bootstrap(), approved)) {
      guard.start();
      long waitUntil = System.currentTimeMillis() + 60_000;
      while (guard.streams().state() != KafkaStreams.State.RUNNING
          && System.currentTimeMillis() < waitUntil) {
        Thread.sleep(50);
      }
      gateway.poll(Duration.ofMillis(100));
      sender = new Sender(s, sendRate, unmeasured + measured, customers);
      Thread senderThread = new Thread(sender, "latency-sender");
      senderThread.start();
      long measureFrom = System.currentTimeMillis() + unmeasured * 1000L;
      long stopAt = measureFrom + measured * 1000L + 5_000;
      while (System.currentTimeMillis() < stopAt) {
        if (backlog < 0 && !senderThread.isAlive()) {
          backlog = backlog(cluster.admin(), appId, s.input());
        }
        for (ConsumerRecord<String, byte[]> r : gateway.poll(Duration.ofMillis(20))) {
          long received = System.currentTimeMillis();
          long sent = reader.deserialize(r.topic(), r.value()).getCreatedAt().toEpochMilli();
          if (sent >= measureFrom && n < append.length) {
            append[n] = r.timestamp() - sent;
            visible[n] = received - sent;
            n++;
          }
        }
      }
      senderThread.join();
      if (backlog < 0) {
        // The sender overran the measuring window: it could not even send at this rate.
        backlog = Long.MAX_VALUE;
      }
      // While the guard is still running, so that what it has not yet decided still comes.
      decided =
          OutcomeCount.of(
                  s.bootstrap(),
                  config.topic(GuardSetting.TOPIC_DECISIONS),
                  s.serdeConfig(),
                  sender.sent())
              .values()
              .stream()
              .mapToLong(Long::longValue)
              .sum();
    } finally {
      StateDirs.wipe(stateDir);
    }
    return LatencyRun.of(guarantee, sendRate, append, visible, n, backlog, sender.sent(), decided);
  }

  /**
   * Records of {@code input} the guard's group has not committed: the latest offsets minus the
   * group's committed ones (a partition it never committed counts from its start).
   */
  private static long backlog(Admin admin, String groupId, String input) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (var partition :
        admin.describeTopics(List.of(input)).allTopicNames().get().get(input).partitions()) {
      latest.put(new TopicPartition(input, partition.partition()), OffsetSpec.latest());
    }
    long behind = 0;
    for (var end : admin.listOffsets(latest).all().get().entrySet()) {
      OffsetAndMetadata at = committed.get(end.getKey());
      behind += end.getValue().offset() - (at == null ? 0 : at.offset());
    }
    return behind;
  }

  private static KafkaConsumer<String, byte[]> gateway(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "gateway-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
    KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    c.subscribe(List.of(topic));
    return c;
  }

  /**
   * Sends live messages at a fixed rate, each stamped with its send time (createdAt and record
   * timestamp).
   */
  private static final class Sender implements Runnable {
    private final Scenario scenario;
    private final int rate;
    private final int seconds;
    private final Workload workload;
    private volatile long sent;

    Sender(Scenario scenario, int rate, int seconds, int customers) {
      this.scenario = scenario;
      this.rate = rate;
      this.seconds = seconds;
      this.workload = new Workload(customers, 7);
    }

    @Override
    public void run() {
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, scenario.bootstrap());
      p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
      SpecificAvroSerializer<OutboundMessage> serializer = new SpecificAvroSerializer<>();
      serializer.configure(scenario.serdeConfig(), false);
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
        long start = System.nanoTime();
        long total = (long) rate * seconds;
        for (long i = 0; i < total; i++) {
          long due = start + i * 1_000_000_000L / rate;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
          long now = System.currentTimeMillis();
          OutboundMessage m = workload.next(now);
          producer.send(
              new ProducerRecord<>(
                  scenario.input(),
                  null,
                  now,
                  m.getCustomerId(),
                  serializer.serialize(scenario.input(), m)));
          sent = i + 1;
        }
        producer.flush();
      }
    }

    /** Messages sent so far; all of them once the sender has finished. */
    long sent() {
      return sent;
    }
  }
}
