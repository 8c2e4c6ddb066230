package dev.fatigueguard.bench;

import dev.fatigueguard.app.GuardApplication;
import dev.fatigueguard.avro.OutboundMessage;
import dev.fatigueguard.bench.e2e.BenchCluster;
import dev.fatigueguard.bench.e2e.Preloader;
import dev.fatigueguard.bench.e2e.Scenario;
import dev.fatigueguard.bench.e2e.StateDirs;
import dev.fatigueguard.bench.e2e.Workload;
import dev.fatigueguard.config.GuardConfig;
import dev.fatigueguard.config.GuardSetting;
import dev.fatigueguard.embedded.TopicSpec;
import dev.fatigueguard.serde.SpecificAvroDeserializer;
import dev.fatigueguard.serde.SpecificAvroSerializer;
import dev.fatigueguard.topology.TopicPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
      description = "Messages per second (use 50 % of the guard's e2e median).")
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

  @Override
  public Integer call() throws Exception {
    try (BenchCluster cluster = BenchCluster.open(bootstrap)) {
      // On a small machine the JIT compiles for tens of seconds while the first run is already
      // under
      // load; whichever guarantee came first measured seconds of backlog that the second did not.
      if (jvmWarmupSeconds > 0) {
        System.out.println(
            "JVM warm-up, not in the table: "
                + measure(cluster, guarantees.get(0), 0, jvmWarmupSeconds));
      }
      System.out.println(
          "| guarantee | rate/s | approved measured | append p50 / p99 / p99.9 ms | read_committed p50 / p99 / p99.9 ms |");
      System.out.println("|---|---|---|---|---|");
      for (String guarantee : guarantees) {
        System.out.println(measure(cluster, guarantee, warmupSeconds, seconds));
      }
    }
    return 0;
  }

  /**
   * One guard at {@code rate} for {@code unmeasured + measured} seconds; the table row of the
   * measured part.
   */
  private String measure(BenchCluster cluster, String guarantee, int unmeasured, int measured)
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
    long[] append = new long[rate * measured * 2];
    long[] visible = new long[append.length];
    int n = 0;
    try (GuardApplication guard = new GuardApplication(config);
        KafkaConsumer<String, byte[]> gateway = gateway(cluster.bootstrap(), approved)) {
      guard.start();
      long waitUntil = System.currentTimeMillis() + 60_000;
      while (guard.streams().state() != KafkaStreams.State.RUNNING
          && System.currentTimeMillis() < waitUntil) {
        Thread.sleep(50);
      }
      gateway.poll(Duration.ofMillis(100));
      Sender sender = new Sender(s, rate, unmeasured + measured, customers);
      Thread senderThread = new Thread(sender, "latency-sender");
      senderThread.start();
      long measureFrom = System.currentTimeMillis() + unmeasured * 1000L;
      long stopAt = measureFrom + measured * 1000L + 5_000;
      while (System.currentTimeMillis() < stopAt) {
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
    } finally {
      StateDirs.wipe(stateDir);
    }
    return String.format(
        Locale.ROOT,
        "| %s | %d | %d | %s | %s |",
        guarantee,
        rate,
        n,
        percentiles(append, n),
        percentiles(visible, n));
  }

  private static String percentiles(long[] values, int n) {
    if (n == 0) {
      return "n/a";
    }
    long[] v = Arrays.copyOf(values, n);
    Arrays.sort(v);
    return String.format(
        Locale.ROOT,
        "%d / %d / %d",
        v[(int) (n * 0.5)],
        v[Math.min(n - 1, (int) (n * 0.99))],
        v[Math.min(n - 1, (int) (n * 0.999))]);
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
        }
        producer.flush();
      }
    }
  }
}
