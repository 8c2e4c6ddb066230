package dev.fatigueguard.api;

import dev.fatigueguard.topology.StoreNames;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Answers a customer question on the instance that owns the customer's partition. Kafka Streams'
 * metadata names the active owner; if that is this instance the answer is computed from the local
 * stores, otherwise the request is forwarded once to the owner (with the caller's token, which the
 * owner checks again). Whenever ownership is uncertain (not RUNNING, metadata not available, a
 * forwarded request arriving at a non-owner, an owner that does not answer) the answer is 503 with
 * Retry-After: never a stale or foreign store's answer.
 */
final class OwnerRouting {

  /** Marks a forwarded request, so a request is forwarded at most once and never loops. */
  static final String FORWARDED_BY = "X-Fatigue-Guard-Forwarded-By";

  private static final Serializer<String> KEY = Serdes.String().serializer();

  private final PeerClient peers;
  private volatile KafkaStreams streams;
  private volatile HostInfo self;

  OwnerRouting(PeerClient peers) {
    this.peers = peers;
  }

  void attach(KafkaStreams streams, HostInfo self) {
    this.streams = streams;
    this.self = self;
  }

  KafkaStreams runningStreams() {
    KafkaStreams s = streams;
    if (s == null) {
      throw ApiError.unavailable("the guard is starting");
    }
    KafkaStreams.State state = s.state();
    if (state != KafkaStreams.State.RUNNING) {
      throw ApiError.unavailable(
          "the guard is " + state + "; customer state is not queryable until it is RUNNING");
    }
    return s;
  }

  /** The attached client in whatever state it is, or null before {@link #attach}. */
  KafkaStreams streamsAnyState() {
    return streams;
  }

  HostInfo self() {
    return self;
  }

  /** This instance's name as answers show it ({@code servedBy}), or null before {@link #attach}. */
  String selfName() {
    HostInfo s = self;
    return s == null ? null : PeerClient.name(s);
  }

  /**
   * Writes the owner's answer to {@code ctx}: {@code local} (given the customer's partition) here,
   * or the owner's response as it came.
   */
  void answer(Context ctx, String customerId, IntFunction<String> local) {
    KafkaStreams s = runningStreams();
    KeyQueryMetadata meta = s.queryMetadataForKey(StoreNames.LEDGER, customerId, KEY);
    if (meta == null
        || meta == KeyQueryMetadata.NOT_AVAILABLE
        || meta.activeHost() == null
        || meta.activeHost().port() < 0) {
      throw ApiError.unavailable(
          "the owner of this customer is not known yet (rebalance in progress)");
    }
    if (meta.activeHost().equals(self)) {
      String json = local.apply(meta.partition());
      ctx.contentType("application/json").result(json);
      return;
    }
    if (ctx.header(FORWARDED_BY) != null) {
      throw ApiError.unavailable("ownership of this customer is moving (rebalance in progress)");
    }
    forward(ctx, meta.activeHost());
  }

  private void forward(Context ctx, HostInfo owner) {
    String query = ctx.queryString();
    try {
      HttpResponse<byte[]> response =
          peers.get(
              owner,
              ctx.path() + (query == null ? "" : "?" + query),
              ctx,
              Duration.ofSeconds(10),
              Map.of(FORWARDED_BY, PeerClient.name(self)));
      ctx.status(response.statusCode());
      response.headers().firstValue("Content-Type").ifPresent(ctx::contentType);
      response.headers().firstValue("Retry-After").ifPresent(v -> ctx.header("Retry-After", v));
      ctx.result(response.body());
    } catch (IOException e) {
      throw ApiError.unavailable(
          "the owner of this customer ("
              + PeerClient.name(owner)
              + ") does not answer: "
              + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiError.unavailable("interrupted while asking the owner of this customer");
    }
  }
}
