package dev.fatigueguard.api;

import static io.javalin.apibuilder.ApiBuilder.get;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fatigueguard.metrics.GuardMetrics;
import dev.fatigueguard.metrics.LiveStats;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code /v1/stats}: what the dashboard shows, for this instance ({@code scope=local}) or summed
 * over every instance of the application ({@code scope=cluster}, the default). An instance that
 * does not answer is listed as unreachable rather than failing the whole answer.
 */
final class StatsController {

  private final OwnerRouting owners;
  private final PeerClient peers;
  private final GuardMetrics metrics;
  private final ObjectMapper json;

  StatsController(OwnerRouting owners, PeerClient peers, GuardMetrics metrics, ObjectMapper json) {
    this.owners = owners;
    this.peers = peers;
    this.metrics = metrics;
    this.json = json;
  }

  /** Adds this resource's routes; call inside {@code RouterConfig.apiBuilder}. */
  void routes() {
    get("/v1/stats", this::stats, Role.READER);
  }

  void stats(Context ctx) {
    int step = Parameters.intParam(ctx, "step", 5, 1, 60);
    int points = Parameters.intParam(ctx, "points", 60, 1, LiveStats.SECONDS_KEPT / step);
    long nowSecond = System.currentTimeMillis() / 1000;
    long defaultFrom = (nowSecond / step) * step - (long) step * (points - 1);
    long from = Parameters.longParam(ctx, "from", defaultFrom);
    String scope = ctx.queryParam("scope") == null ? "cluster" : ctx.queryParam("scope");
    if (!scope.equals("cluster") && !scope.equals("local")) {
      throw ApiError.badParameter("scope", "must be 'cluster' or 'local', was '" + scope + "'");
    }
    HostInfo self = owners.self();
    String me = self == null ? "?" : PeerClient.name(self);
    StatsSnapshot snapshot = StatsSnapshot.local(metrics, from, step, points, me);
    KafkaStreams s = owners.streamsAnyState();
    if (scope.equals("cluster") && s != null && self != null) {
      for (StreamsMetadata other : s.metadataForAllStreamsClients()) {
        if (!other.hostInfo().equals(self)) {
          snapshot = plusRemote(ctx, snapshot, other.hostInfo(), from, step, points);
        }
      }
    }
    ctx.json(snapshot);
  }

  private StatsSnapshot plusRemote(
      Context ctx, StatsSnapshot sum, HostInfo peer, long from, int step, int points) {
    String query = "/v1/stats?scope=local&from=" + from + "&step=" + step + "&points=" + points;
    try {
      HttpResponse<byte[]> response = peers.get(peer, query, ctx, Duration.ofSeconds(3), Map.of());
      if (response.statusCode() != 200) {
        return sum.unreachable(PeerClient.name(peer));
      }
      return sum.plus(json.readValue(response.body(), StatsSnapshot.class));
    } catch (IOException e) {
      return sum.unreachable(PeerClient.name(peer));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return sum.unreachable(PeerClient.name(peer));
    }
  }
}
