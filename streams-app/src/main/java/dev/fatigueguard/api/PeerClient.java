package dev.fatigueguard.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Talks to the other instances of the guard: the one HTTP client for forwarding a customer question
 * to its owner and for collecting the cluster-wide stats. A request to a peer carries the caller's
 * token, which the peer checks again, so a peer never answers more than the caller may see.
 */
final class PeerClient {

  // Plain HTTP/1.1: the server speaks nothing else, so an h2c upgrade attempt would only add
  // headers.
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  /** How an instance is named in answers and messages: its {@code application.server}. */
  static String name(HostInfo instance) {
    return instance.host() + ":" + instance.port();
  }

  static URI url(HostInfo instance, String pathAndQuery) {
    return URI.create("http://" + name(instance) + pathAndQuery);
  }

  /**
   * GETs {@code pathAndQuery} from {@code peer} on behalf of {@code caller} (whose Authorization
   * header is passed on), with the extra {@code headers}.
   */
  HttpResponse<byte[]> get(
      HostInfo peer,
      String pathAndQuery,
      Context caller,
      Duration timeout,
      Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url(peer, pathAndQuery)).timeout(timeout).GET();
    headers.forEach(request::header);
    String authorization = caller.header("Authorization");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
