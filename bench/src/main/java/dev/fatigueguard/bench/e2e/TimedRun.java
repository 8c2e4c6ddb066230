package dev.fatigueguard.bench.e2e;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/** Starts a Streams client and watches its commits until the input's end offsets are committed. */
public final class TimedRun {

  private TimedRun() {}

  /** The caller closes {@code streams}. */
  public static CommitWatcher.Progress time(
      KafkaStreams streams,
      CommitWatcher watcher,
      String groupId,
      Map<TopicPartition, Long> end,
      Duration timeout)
      throws Exception {
    streams.setStateListener(
        (now, before) -> {
          if (now == KafkaStreams.State.ERROR) {
            System.err.println(groupId + " failed: state ERROR");
          }
        });
    streams.start();
    return watcher.awaitCommitted(groupId, end, timeout, new CpuMeter(groupId));
  }
}
